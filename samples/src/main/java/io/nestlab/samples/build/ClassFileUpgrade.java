package io.nestlab.samples.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step of the CLI (samples/pom.xml, package phase; docs/design/0150): rewrites the class
 * files of the jars given, older than Java 6 (picocli's are Java 5), as Java 6 class files with
 * stack-map frames, so the class-data archive verifies them once at build time instead of the old
 * type-inferring verifier at every start. The code is unchanged; only the version and the frames
 * ASM computes are new. Other entries are copied as they are.
 */
public final class ClassFileUpgrade {
  private ClassFileUpgrade() {}

  public static void main(String[] args) throws IOException {
    for (String jar : args) {
      int upgraded = upgrade(Path.of(jar));
      System.out.println("class-file upgrade: " + upgraded + " classes in " + jar);
    }
  }

  /** Rewrites {@code jar} in place; returns how many classes were upgraded. */
  static int upgrade(Path jar) throws IOException {
    Path tmp = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
    int upgraded = 0;
    try (JarFile in = new JarFile(jar.toFile());
        OutputStream file = Files.newOutputStream(tmp);
        JarOutputStream out = new JarOutputStream(file)) {
      Enumeration<JarEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        byte[] bytes;
        try (InputStream s = in.getInputStream(e)) {
          bytes = s.readAllBytes();
        }
        if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
          byte[] newer = upgrade(bytes);
          if (newer != bytes) {
            upgraded++;
            bytes = newer;
          }
        }
        JarEntry copy = new JarEntry(e.getName());
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
    return upgraded;
  }

  /** The class as a Java 6 class file with frames, or {@code bytes} itself when it is newer. */
  static byte[] upgrade(byte[] bytes) {
    ClassReader reader = new ClassReader(bytes);
    int major = reader.readUnsignedShort(6);
    if (major >= Opcodes.V1_6) {
      return bytes;
    }
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public void visit(
              int version,
              int access,
              String name,
              String signature,
              String superName,
              String[] interfaces) {
            super.visit(Opcodes.V1_6, access, name, signature, superName, interfaces);
          }
        },
        ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }
}
