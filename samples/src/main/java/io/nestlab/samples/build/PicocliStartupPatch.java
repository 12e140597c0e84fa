package io.nestlab.samples.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A build step of the CLI (samples/pom.xml, package phase; docs/design/0200), on its copy of
 * picocli in {@code target/lib} only: a command model's constructor gets its default transformer of
 * negatable options from {@code io.nestlab.samples.cli.LazyNegatables}, which compiles picocli's
 * two regular expressions when an option is first negated rather than for every model at start-up.
 * Nothing else changes; a jar already patched is left as it is.
 */
public final class PicocliStartupPatch {
  static final String SPEC = "picocli/CommandLine$Model$CommandSpec";
  static final String REGEX = "picocli/CommandLine$RegexTransformer";
  static final String LAZY = "io/nestlab/samples/cli/LazyNegatables";
  static final String TRANSFORMER = "Lpicocli/CommandLine$INegatableOptionTransformer;";
  static final String INTERPRETER = "picocli/CommandLine$Interpreter";
  static final String TYPES = "io/nestlab/samples/cli/PicocliTypes";
  static final String FOR_NAME = "(Ljava/lang/String;)Ljava/lang/Class;";

  private PicocliStartupPatch() {}

  public static void main(String[] args) throws IOException {
    for (String jar : args) {
      System.out.println("picocli start-up patch: " + patch(Path.of(jar)) + " calls in " + jar);
    }
  }

  /** Patches {@code jar} in place; returns the calls replaced. */
  static int patch(Path jar) throws IOException {
    int[] count = {0};
    JarRewrite.rewrite(
        jar,
        (name, bytes) ->
            Map.of(
                name,
                name.equals(SPEC + ".class") || name.equals(INTERPRETER + ".class")
                    ? patch(bytes, count)
                    : bytes));
    return count[0];
  }

  /** The class with the calls above replaced; counted in {@code count}. */
  static byte[] patch(byte[] spec, int[] count) {
    ClassReader reader = new ClassReader(spec);
    ClassWriter writer = new ClassWriter(reader, 0); // same stack shape: frames stay valid
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String desc, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
            boolean constructor = name.equals("<init>");
            if (!constructor && !name.equals("registerBuiltInConverters")) {
              return mv;
            }
            return new MethodVisitor(Opcodes.ASM9, mv) {
              @Override
              public void visitMethodInsn(
                  int opcode, String owner, String method, String descriptor, boolean itf) {
                if (constructor
                    && opcode == Opcodes.INVOKESTATIC
                    && owner.equals(REGEX)
                    && method.equals("createDefault")) {
                  count[0]++;
                  super.visitMethodInsn(opcode, LAZY, "createDefault", "()" + TRANSFORMER, false);
                } else if (!constructor
                    && opcode == Opcodes.INVOKESTATIC
                    && owner.equals("java/lang/Class")
                    && method.equals("forName")
                    && descriptor.equals(FOR_NAME)) {
                  count[0]++;
                  super.visitMethodInsn(opcode, TYPES, "forName", FOR_NAME, false);
                } else {
                  super.visitMethodInsn(opcode, owner, method, descriptor, itf);
                }
              }
            };
          }
        },
        0);
    return count[0] == 0 ? spec : writer.toByteArray();
  }
}
