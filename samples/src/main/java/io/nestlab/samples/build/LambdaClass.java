package io.nestlab.samples.build;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;

/**
 * The class {@link LambdaDesugar} writes for one lambda call site: it implements the functional
 * interface, keeps the captured values in fields, and its one method calls the implementation with
 * the conversions {@code LambdaMetafactory} makes (casts to the instantiated types, boxing,
 * unboxing, widening). A static {@code get} takes the captured values and returns an instance; for
 * a lambda that captures nothing, always the same one.
 */
final class LambdaClass {
  static final String FACTORY = "get";
  private static final String INSTANCE = "INSTANCE";

  private LambdaClass() {}

  /** The descriptor of {@code get}: the call site's, captured values in, the interface out. */
  static String factoryDescriptor(InvokeDynamicInsnNode indy) {
    return indy.desc;
  }

  /** {@code desc} of an instance method of {@code owner} as a static one (receiver first). */
  static String staticDescriptor(String desc, String owner) {
    return "(L" + owner + ";" + desc.substring(1);
  }

  static byte[] write(ClassNode host, String name, InvokeDynamicInsnNode indy, boolean relaxed) {
    Type site = Type.getMethodType(indy.desc);
    Type[] captured = site.getArgumentTypes();
    String iface = site.getReturnType().getInternalName();
    Type sam = (Type) indy.bsmArgs[0];
    Handle impl = (Handle) indy.bsmArgs[1];
    Type instantiated = (Type) indy.bsmArgs[2];

    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(
        host.version,
        Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC,
        name,
        null,
        "java/lang/Object",
        new String[] {iface});
    String ctorDesc = Type.getMethodDescriptor(Type.VOID_TYPE, captured);
    for (int i = 0; i < captured.length; i++) {
      cw.visitField(
              Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL,
              "f" + i,
              captured[i].getDescriptor(),
              null,
              null)
          .visitEnd();
    }
    constructor(cw, name, captured, ctorDesc);
    factory(cw, name, captured, ctorDesc, indy.desc);
    body(cw, name, indy.name, captured, sam, impl, instantiated, relaxed);
    cw.visitEnd();
    return cw.toByteArray();
  }

  private static void constructor(ClassWriter cw, String name, Type[] captured, String desc) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE, "<init>", desc, null, null);
    mv.visitCode();
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    int slot = 1;
    for (int i = 0; i < captured.length; i++) {
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitVarInsn(captured[i].getOpcode(Opcodes.ILOAD), slot);
      mv.visitFieldInsn(Opcodes.PUTFIELD, name, "f" + i, captured[i].getDescriptor());
      slot += captured[i].getSize();
    }
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  private static void factory(
      ClassWriter cw, String name, Type[] captured, String ctorDesc, String factoryDesc) {
    if (captured.length == 0) {
      String type = "L" + name + ";";
      cw.visitField(
              Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL,
              INSTANCE,
              type,
              null,
              null)
          .visitEnd();
      MethodVisitor init = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
      init.visitCode();
      init.visitTypeInsn(Opcodes.NEW, name);
      init.visitInsn(Opcodes.DUP);
      init.visitMethodInsn(Opcodes.INVOKESPECIAL, name, "<init>", ctorDesc, false);
      init.visitFieldInsn(Opcodes.PUTSTATIC, name, INSTANCE, type);
      init.visitInsn(Opcodes.RETURN);
      init.visitMaxs(0, 0);
      init.visitEnd();
    }
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, FACTORY, factoryDesc, null, null);
    mv.visitCode();
    if (captured.length == 0) {
      mv.visitFieldInsn(Opcodes.GETSTATIC, name, INSTANCE, "L" + name + ";");
    } else {
      mv.visitTypeInsn(Opcodes.NEW, name);
      mv.visitInsn(Opcodes.DUP);
      int slot = 0;
      for (Type t : captured) {
        mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
        slot += t.getSize();
      }
      mv.visitMethodInsn(Opcodes.INVOKESPECIAL, name, "<init>", ctorDesc, false);
    }
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * The interface method: the captured values, then its own arguments (cast to the instantiated
   * types), each converted to what the implementation takes; the result converted back.
   */
  private static void body(
      ClassWriter cw,
      String name,
      String method,
      Type[] captured,
      Type sam,
      Handle impl,
      Type instantiated,
      boolean relaxed) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, method, sam.getDescriptor(), null, null);
    mv.visitCode();
    int tag = impl.getTag();
    boolean constructor = tag == Opcodes.H_NEWINVOKESPECIAL;
    boolean receiver = tag != Opcodes.H_INVOKESTATIC && !constructor;
    Type implType = Type.getMethodType(impl.getDesc());
    // What the call takes, in order: the receiver (for an instance method), then its parameters.
    Type[] takes = implType.getArgumentTypes();
    if (receiver) {
      Type[] withReceiver = new Type[takes.length + 1];
      withReceiver[0] = Type.getObjectType(impl.getOwner());
      System.arraycopy(takes, 0, withReceiver, 1, takes.length);
      takes = withReceiver;
    }
    if (constructor) {
      mv.visitTypeInsn(Opcodes.NEW, impl.getOwner());
      mv.visitInsn(Opcodes.DUP);
    }
    int k = 0;
    for (int i = 0; i < captured.length; i++, k++) {
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitFieldInsn(Opcodes.GETFIELD, name, "f" + i, captured[i].getDescriptor());
      Conversions.convert(mv, captured[i], takes[k]);
    }
    Type[] samArgs = sam.getArgumentTypes();
    Type[] instArgs = instantiated.getArgumentTypes();
    int slot = 1;
    for (int i = 0; i < samArgs.length; i++, k++) {
      mv.visitVarInsn(samArgs[i].getOpcode(Opcodes.ILOAD), slot);
      slot += samArgs[i].getSize();
      Conversions.cast(mv, samArgs[i], instArgs[i]);
      Conversions.convert(mv, instArgs[i], takes[k]);
    }
    Type returned;
    if (constructor) {
      mv.visitMethodInsn(Opcodes.INVOKESPECIAL, impl.getOwner(), "<init>", impl.getDesc(), false);
      returned = Type.getObjectType(impl.getOwner());
    } else if (relaxed && receiver) {
      mv.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          impl.getOwner(),
          impl.getName(),
          staticDescriptor(impl.getDesc(), impl.getOwner()),
          false);
      returned = implType.getReturnType();
    } else {
      int opcode =
          switch (tag) {
            case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
            case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
            default -> Opcodes.INVOKEVIRTUAL;
          };
      mv.visitMethodInsn(
          opcode, impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface());
      returned = implType.getReturnType();
    }
    Type want = sam.getReturnType();
    if (want.getSort() == Type.VOID) {
      if (returned.getSort() != Type.VOID) {
        mv.visitInsn(returned.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
      }
    } else {
      Conversions.convert(mv, returned, instantiated.getReturnType());
      Conversions.convert(mv, instantiated.getReturnType(), want);
    }
    mv.visitInsn(want.getOpcode(Opcodes.IRETURN));
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }
}
