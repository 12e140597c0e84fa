package io.nestlab.samples.build;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The value conversions {@code LambdaMetafactory} makes between an interface method's types and its
 * implementation's: reference casts, boxing, unboxing and primitive widening ({@link LambdaClass}).
 */
final class Conversions {
  private Conversions() {}

  /** A cast of a reference from the interface's erased type to the instantiated one. */
  static void cast(MethodVisitor mv, Type from, Type to) {
    if (isReference(from) && isReference(to) && !from.equals(to) && !isObject(to)) {
      mv.visitTypeInsn(Opcodes.CHECKCAST, internalName(to));
    }
  }

  /** Converts the value on the stack from {@code from} to {@code to}. */
  static void convert(MethodVisitor mv, Type from, Type to) {
    if (from.equals(to) || to.getSort() == Type.VOID) {
      return;
    }
    if (isReference(from) && isReference(to)) {
      cast(mv, from, to);
    } else if (!isReference(from) && !isReference(to)) {
      widen(mv, from, to);
    } else if (!isReference(from)) {
      Type box = boxOf(from);
      mv.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          box.getInternalName(),
          "valueOf",
          Type.getMethodDescriptor(box, from),
          false);
      cast(mv, box, to);
    } else {
      Type primitive = unboxedOf(from);
      if (primitive == null) {
        primitive = to;
        mv.visitTypeInsn(Opcodes.CHECKCAST, boxOf(to).getInternalName());
        from = boxOf(to);
      }
      mv.visitMethodInsn(
          Opcodes.INVOKEVIRTUAL,
          from.getInternalName(),
          primitive.getClassName() + "Value",
          Type.getMethodDescriptor(primitive),
          false);
      widen(mv, primitive, to);
    }
  }

  private static void widen(MethodVisitor mv, Type from, Type to) {
    int f = stackSort(from);
    int t = stackSort(to);
    if (f == t) {
      return;
    }
    int op =
        switch (f * 10 + t) {
          case Type.INT * 10 + Type.LONG -> Opcodes.I2L;
          case Type.INT * 10 + Type.FLOAT -> Opcodes.I2F;
          case Type.INT * 10 + Type.DOUBLE -> Opcodes.I2D;
          case Type.LONG * 10 + Type.FLOAT -> Opcodes.L2F;
          case Type.LONG * 10 + Type.DOUBLE -> Opcodes.L2D;
          case Type.FLOAT * 10 + Type.DOUBLE -> Opcodes.F2D;
          default -> throw new IllegalArgumentException("no widening from " + from + " to " + to);
        };
    mv.visitInsn(op);
  }

  /** The sort a primitive has on the operand stack: byte, short, char and boolean are ints. */
  private static int stackSort(Type t) {
    int s = t.getSort();
    return s == Type.BYTE || s == Type.SHORT || s == Type.CHAR || s == Type.BOOLEAN ? Type.INT : s;
  }

  private static boolean isReference(Type t) {
    return t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
  }

  private static boolean isObject(Type t) {
    return t.getSort() == Type.OBJECT && t.getInternalName().equals("java/lang/Object");
  }

  private static String internalName(Type t) {
    return t.getSort() == Type.ARRAY ? t.getDescriptor() : t.getInternalName();
  }

  static Type boxOf(Type primitive) {
    return Type.getObjectType(
        switch (primitive.getSort()) {
          case Type.BOOLEAN -> "java/lang/Boolean";
          case Type.BYTE -> "java/lang/Byte";
          case Type.CHAR -> "java/lang/Character";
          case Type.SHORT -> "java/lang/Short";
          case Type.INT -> "java/lang/Integer";
          case Type.LONG -> "java/lang/Long";
          case Type.FLOAT -> "java/lang/Float";
          case Type.DOUBLE -> "java/lang/Double";
          default -> throw new IllegalArgumentException("not a primitive: " + primitive);
        });
  }

  /** The primitive a wrapper type holds, or null when {@code t} is not a wrapper. */
  private static Type unboxedOf(Type t) {
    if (t.getSort() != Type.OBJECT) {
      return null;
    }
    return switch (t.getInternalName()) {
      case "java/lang/Boolean" -> Type.BOOLEAN_TYPE;
      case "java/lang/Byte" -> Type.BYTE_TYPE;
      case "java/lang/Character" -> Type.CHAR_TYPE;
      case "java/lang/Short" -> Type.SHORT_TYPE;
      case "java/lang/Integer" -> Type.INT_TYPE;
      case "java/lang/Long" -> Type.LONG_TYPE;
      case "java/lang/Float" -> Type.FLOAT_TYPE;
      case "java/lang/Double" -> Type.DOUBLE_TYPE;
      default -> null;
    };
  }
}
