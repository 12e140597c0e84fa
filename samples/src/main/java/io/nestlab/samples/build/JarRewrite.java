package io.nestlab.samples.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Rewrites a jar in place, entry by entry, for the CLI's build steps on its copies of jars ({@link
 * ClassFileUpgrade}, {@link PicocliStartupPatch}, {@link LambdaDesugar}): each entry's bytes go to
 * a function that gives the entries to write in its place (itself, changed or not, and any new
 * ones), with the entry's time. The jar is replaced only when all is written.
 */
final class JarRewrite {
  /** What one entry becomes: entry names to their bytes. */
  interface Entries {
    Map<String, byte[]> of(String name, byte[] bytes) throws IOException;
  }

  private JarRewrite() {}

  static void rewrite(Path jar, Entries entries) throws IOException {
    Path tmp = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
    try (JarFile in = new JarFile(jar.toFile());
        OutputStream file = Files.newOutputStream(tmp);
        JarOutputStream out = new JarOutputStream(file)) {
      Enumeration<JarEntry> all = in.entries();
      while (all.hasMoreElements()) {
        JarEntry e = all.nextElement();
        byte[] bytes;
        try (InputStream s = in.getInputStream(e)) {
          bytes = s.readAllBytes();
        }
        for (Map.Entry<String, byte[]> w : entries.of(e.getName(), bytes).entrySet()) {
          JarEntry copy = new JarEntry(w.getKey());
          copy.setTime(e.getTime());
          out.putNextEntry(copy);
          out.write(w.getValue());
          out.closeEntry();
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Whether {@code name} is a class file of the jar's code (not of its metadata). */
  static boolean isClass(String name) {
    return name.endsWith(".class") && !name.startsWith("META-INF/");
  }
}
