package io.nestlab;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * NestLab's own resources (the tables every offline command reads at start-up), read from the jar
 * or directory that holds NestLab's classes rather than looked up through the class loader: a
 * lookup asks the JDK's modules first, then walks the CLI's class path, which costs ~5 ms of CPU
 * the first time (docs/design/0200). Anything unusual (no code source, a location that is not a
 * plain file or directory, a missing entry) falls back to {@link Class#getResourceAsStream}.
 */
public final class OwnResources {
  private static volatile ZipFile jar;

  private OwnResources() {}

  /**
   * The resource {@code name} (absolute, as {@code "/io/nestlab/..."}) of NestLab's classes, or
   * null when there is none.
   */
  public static InputStream open(String name) throws IOException {
    InputStream in = direct(name.startsWith("/") ? name.substring(1) : name);
    return in != null ? in : OwnResources.class.getResourceAsStream(name);
  }

  private static InputStream direct(String entry) {
    try {
      ZipFile z = jar;
      if (z != null) {
        return stream(z, entry);
      }
      CodeSource source = OwnResources.class.getProtectionDomain().getCodeSource();
      URL location = source == null ? null : source.getLocation();
      if (location == null || !"file".equals(location.getProtocol())) {
        return null;
      }
      Path path = Path.of(new URI(location.toString()));
      if (Files.isDirectory(path)) {
        Path file = path.resolve(entry);
        return Files.isRegularFile(file) ? Files.newInputStream(file) : null;
      }
      synchronized (OwnResources.class) {
        if (jar == null) {
          jar = new ZipFile(path.toFile()); // kept open, as the class loader keeps its jars
        }
      }
      return stream(jar, entry);
    } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
      return null; // the class loader's way instead
    }
  }

  private static InputStream stream(ZipFile z, String entry) throws IOException {
    ZipEntry e = z.getEntry(entry);
    return e == null ? null : z.getInputStream(e);
  }
}
