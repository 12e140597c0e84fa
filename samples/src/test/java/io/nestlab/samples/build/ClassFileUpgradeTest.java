package io.nestlab.samples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import picocli.CommandLine;

/** picocli's Java 5 class files become Java 6 ones with frames; newer ones are left alone. */
class ClassFileUpgradeTest {
  private static byte[] bytes(Class<?> c) throws IOException {
    String name = c.getName();
    try (InputStream in =
        c.getResourceAsStream(name.substring(name.lastIndexOf('.') + 1) + ".class")) {
      return in.readAllBytes();
    }
  }

  private static int major(byte[] b) {
    return new ClassReader(b).readUnsignedShort(6);
  }

  private static int frames(byte[] b) {
    AtomicInteger frames = new AtomicInteger();
    new ClassReader(b)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String desc, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitFrame(
                      int type, int nLocal, Object[] local, int nStack, Object[] stack) {
                    frames.incrementAndGet();
                  }
                };
              }
            },
            0);
    return frames.get();
  }

  @Test
  void aJava5ClassBecomesAJava6ClassWithStackMapFrames() throws IOException {
    byte[] old = bytes(CommandLine.class);
    assertEquals(Opcodes.V1_5, major(old), "picocli's jar ships Java 5 class files");
    assertEquals(0, frames(old));

    byte[] upgraded = ClassFileUpgrade.upgrade(old);

    assertEquals(Opcodes.V1_6, major(upgraded));
    assertTrue(frames(upgraded) > 100, "frames: " + frames(upgraded));
    assertEquals(new ClassReader(old).getClassName(), new ClassReader(upgraded).getClassName());
  }

  @Test
  void aNewerClassIsLeftAsItIs() throws IOException {
    byte[] ours = bytes(ClassFileUpgrade.class);
    assertSame(ours, ClassFileUpgrade.upgrade(ours));
  }
}
