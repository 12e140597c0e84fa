package io.nestlab.samples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.samples.build.shapes.LambdaShapes;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The desugared classes do what the compiled ones do (docs/design/0200): {@link LambdaShapes}
 * exercises every kind of lambda and method reference, runs once as compiled and once rewritten in
 * its own class loader, and both print the same; the rewritten class links no lambda at run time.
 */
class LambdaDesugarTest {
  private static final String SHAPES = LambdaShapes.class.getName().replace('.', '/');

  @Test
  void rewrittenLambdasDoWhatTheCompiledOnesDo() throws Exception {
    List<String> compiled = LambdaShapes.run();

    LambdaDesugar.Result r =
        new LambdaDesugar(LambdaDesugarTest.class.getClassLoader()).rewrite(bytes(SHAPES));
    assertTrue(r.sites() >= 20, "call sites rewritten: " + r.sites());
    Map<String, byte[]> classes = new HashMap<>();
    r.classes().forEach((file, b) -> classes.put(file.replace(".class", "").replace('/', '.'), b));
    // The nested interface is loaded by the same loader, unchanged.
    classes.put(LambdaShapes.Mixer.class.getName(), bytes(SHAPES + "$Mixer"));
    // All but one: this::greet names a private method that is not a lambda body, which stays.
    assertEquals(1, metafactoryCalls(classes.get(LambdaShapes.class.getName())));

    ClassLoader isolated =
        new ClassLoader(null) {
          @Override
          protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
              throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
          }
        };
    Class<?> rewritten = isolated.loadClass(LambdaShapes.class.getName());
    Method run = rewritten.getMethod("run");
    @SuppressWarnings("unchecked")
    List<String> desugared = (List<String>) run.invoke(null);
    assertEquals(compiled, desugared);
    assertTrue(desugared.contains("same true"), desugared.toString());
  }

  @Test
  void aClassWithoutLambdasIsLeftAsItIs() throws IOException {
    LambdaDesugar.Result r =
        new LambdaDesugar(getClass().getClassLoader()).rewrite(bytes(SHAPES + "$Mixer"));
    assertEquals(0, r.sites());
    assertFalse(r.classes().containsKey(SHAPES + "$Mixer.class"));
  }

  private static byte[] bytes(String internalName) throws IOException {
    try (InputStream in =
        LambdaDesugarTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
      return in.readAllBytes();
    }
  }

  private static int metafactoryCalls(byte[] classFile) {
    int[] n = {0};
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String desc, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitInvokeDynamicInsn(
                      String name, String desc, Handle bsm, Object... args) {
                    if (bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")) {
                      n[0]++;
                    }
                  }
                };
              }
            },
            0);
    return n[0];
  }
}
