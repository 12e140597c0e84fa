package io.nestlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds public signatures that mention types of libraries NestLab's API must not leak: Guice,
 * Guava, the AWS SDK, the Google Cloud libraries, and the SSH stack (MINA SSHD, Bouncy Castle,
 * slf4j).
 */
final class PublicApiScanner {
  static final List<String> FORBIDDEN =
      List.of(
          "com.google.inject.",
          "com.google.common.",
          "software.amazon.",
          "com.google.cloud.",
          "com.google.api.",
          "com.google.protobuf.",
          "org.apache.sshd.",
          "org.bouncycastle.",
          "org.slf4j.");

  private PublicApiScanner() {}

  /** Every violation in classes under {@code classesDir} whose names start with {@code pkg}. */
  static List<String> scan(Path classesDir, String pkg) {
    List<String> violations = new ArrayList<>();
    for (String className : classNames(classesDir, pkg)) {
      if (className.contains(".internal.")) {
        continue;
      }
      Class<?> c;
      try {
        c = Class.forName(className, false, PublicApiScanner.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      if (!isExported(c)) {
        continue;
      }
      check(violations, c, "extends", c.getGenericSuperclass());
      for (Type t : c.getGenericInterfaces()) {
        check(violations, c, "implements", t);
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(violations, c, "field " + f.getName(), f.getGenericType());
        }
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          check(violations, c, "component " + rc.getName(), rc.getGenericType());
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic()) {
          check(violations, c, "method " + m.getName(), m.getGenericReturnType());
          checkExecutable(violations, c, "method " + m.getName(), m);
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers())) {
          checkExecutable(violations, c, "constructor", k);
        }
      }
    }
    return violations;
  }

  private static boolean isExported(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return !c.isAnonymousClass() && !c.isSynthetic();
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void checkExecutable(List<String> out, Class<?> c, String where, Executable e) {
    for (Type t : e.getGenericParameterTypes()) {
      check(out, c, where + " parameter", t);
    }
    for (Type t : e.getGenericExceptionTypes()) {
      check(out, c, where + " throws", t);
    }
    for (TypeVariable<?> v : e.getTypeParameters()) {
      check(out, c, where + " type parameter", v);
    }
  }

  private static void check(List<String> out, Class<?> owner, String where, Type type) {
    TreeSet<String> found = new TreeSet<>();
    collect(type, found, 0);
    for (String name : found) {
      for (String prefix : FORBIDDEN) {
        if (name.startsWith(prefix)) {
          out.add(owner.getName() + " " + where + " mentions " + name);
        }
      }
    }
  }

  private static void collect(Type type, TreeSet<String> names, int depth) {
    if (type == null || depth > 8) {
      return;
    }
    if (type instanceof Class<?> k) {
      while (k.isArray()) {
        k = k.getComponentType();
      }
      names.add(k.getName());
    } else if (type instanceof ParameterizedType p) {
      collect(p.getRawType(), names, depth + 1);
      for (Type a : p.getActualTypeArguments()) {
        collect(a, names, depth + 1);
      }
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        collect(b, names, depth + 1);
      }
      for (Type b : w.getLowerBounds()) {
        collect(b, names, depth + 1);
      }
    } else if (type instanceof GenericArrayType g) {
      collect(g.getGenericComponentType(), names, depth + 1);
    } else if (type instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        collect(b, names, depth + 1);
      }
    }
  }

  private static List<String> classNames(Path root, String pkg) {
    Path dir = root.resolve(pkg.replace('.', '/'));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".class"))
          .map(p -> root.relativize(p).toString())
          .map(s -> s.substring(0, s.length() - ".class".length()).replace('/', '.'))
          .filter(s -> !s.endsWith("module-info") && !s.endsWith("package-info"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
