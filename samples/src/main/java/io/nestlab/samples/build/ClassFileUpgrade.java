package io.nestlab.samples.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
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
    int[] upgraded = {0};
    JarRewrite.rewrite(
        jar,
        (name, bytes) -> {
          byte[] newer = JarRewrite.isClass(name) ? upgrade(bytes) : bytes;
          upgraded[0] += newer != bytes ? 1 : 0;
          return Map.of(name, newer);
        });
    return upgraded[0];
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
