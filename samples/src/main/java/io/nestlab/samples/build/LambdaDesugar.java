package io.nestlab.samples.build;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A build step of the CLI (samples/pom.xml, package phase; docs/design/0200): in the copies of
 * NestLab's jars in {@code target/lib} only, replaces each lambda and method reference (an {@code
 * invokedynamic} of {@code LambdaMetafactory.metafactory}) by a small class written at build time,
 * as {@code javac -XDlambdaToMethod} compilers before Java 8 did by hand. The JVM links every
 * lambda call site the first time it runs, through the method-handle machinery in the interpreter:
 * about a third of the CPU an offline command spent reading a lab file, in a JDK 17 whose
 * class-data archive keeps classes but not linked call sites. A class is loaded from the archive
 * instead.
 *
 * <p>Only what is plainly equivalent is rewritten: {@code metafactory} (not {@code altMetafactory}:
 * serializable lambdas, marker interfaces, bridges), implementations that are static, virtual,
 * interface or constructor calls the new class may make (checked by reflection), and the host's own
 * synthetic {@code lambda$} methods, which become package-private, static ones (an instance one
 * takes its receiver as first parameter). A call site is left as it is otherwise. Non-capturing
 * lambdas are one shared instance each, as the metafactory makes them.
 */
public final class LambdaDesugar {
  private static final String LMF = "java/lang/invoke/LambdaMetafactory";
  private static final String SUFFIX = "$$Desugared$";

  private final ClassLoader loader;

  LambdaDesugar(ClassLoader loader) {
    this.loader = loader;
  }

  /** Rewrites each jar named in {@code args} in place. */
  public static void main(String[] args) throws IOException {
    LambdaDesugar d = new LambdaDesugar(LambdaDesugar.class.getClassLoader());
    for (String jar : args) {
      int[] counts = d.jar(Path.of(jar));
      System.out.println(
          "lambda desugaring: " + counts[0] + " call sites in " + counts[1] + " classes of " + jar);
    }
  }

  /** Rewrites {@code jar} in place; returns the call sites and classes rewritten. */
  int[] jar(Path jar) throws IOException {
    int[] counts = {0, 0};
    JarRewrite.rewrite(
        jar,
        (name, bytes) -> {
          Result r = JarRewrite.isClass(name) ? rewrite(bytes) : new Result(0, Map.of());
          if (r.sites == 0) {
            return Map.of(name, bytes);
          }
          counts[0] += r.sites;
          counts[1]++;
          return r.classes;
        });
    return counts;
  }

  /** The classes one class file becomes: itself rewritten, and one class per call site. */
  record Result(int sites, Map<String, byte[]> classes) {}

  Result rewrite(byte[] bytes) {
    ClassNode host = new ClassNode();
    new ClassReader(bytes).accept(host, 0);
    if ((host.access & Opcodes.ACC_INTERFACE) != 0) {
      return new Result(0, Map.of());
    }
    Map<String, MethodNode> own = new LinkedHashMap<>();
    for (MethodNode m : host.methods) {
      own.put(m.name + m.desc, m);
    }
    // Which of the host's lambda$ methods may change: only if every call site naming it does.
    List<Site> sites = new ArrayList<>();
    Set<String> keptTargets = new HashSet<>();
    for (MethodNode m : host.methods) {
      for (AbstractInsnNode insn : m.instructions) {
        if (insn instanceof InvokeDynamicInsnNode indy && isMetafactory(indy)) {
          Handle impl = (Handle) indy.bsmArgs[1];
          if (convertible(host, own, impl)) {
            sites.add(new Site(m, indy));
          } else if (impl.getOwner().equals(host.name)) {
            keptTargets.add(impl.getName() + impl.getDesc());
          }
        }
      }
    }
    sites.removeIf(s -> keptTargets.contains(target(s.indy)));
    if (sites.isEmpty()) {
      return new Result(0, Map.of());
    }
    Set<String> privateLambdas = new HashSet<>();
    for (MethodNode m : host.methods) {
      if (isPrivateLambda(m)) {
        privateLambdas.add(m.name + m.desc);
      }
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    Set<String> changed = new HashSet<>();
    int n = 0;
    for (Site s : sites) {
      Handle impl = (Handle) s.indy.bsmArgs[1];
      String key = impl.getName() + impl.getDesc();
      boolean relaxed = impl.getOwner().equals(host.name) && privateLambdas.contains(key);
      if (relaxed && changed.add(key)) {
        relax(own.get(key), host.name);
      }
      String name = host.name + SUFFIX + n++;
      out.put(name + ".class", LambdaClass.write(host, name, s.indy, relaxed));
      s.method.instructions.set(
          s.indy,
          new MethodInsnNode(
              Opcodes.INVOKESTATIC,
              name,
              LambdaClass.FACTORY,
              LambdaClass.factoryDescriptor(s.indy),
              false));
    }
    ClassWriter w = new ClassWriter(0); // same stack effects, same frames
    host.accept(w);
    Map<String, byte[]> all = new LinkedHashMap<>();
    all.put(host.name + ".class", w.toByteArray());
    all.putAll(out);
    return new Result(sites.size(), all);
  }

  private record Site(MethodNode method, InvokeDynamicInsnNode indy) {}

  private static boolean isMetafactory(InvokeDynamicInsnNode indy) {
    return indy.bsm.getOwner().equals(LMF)
        && indy.bsm.getName().equals("metafactory")
        && indy.bsmArgs.length == 3
        && indy.bsmArgs[1] instanceof Handle;
  }

  private static String target(InvokeDynamicInsnNode indy) {
    Handle impl = (Handle) indy.bsmArgs[1];
    return impl.getName() + impl.getDesc();
  }

  /** Whether a class of the host's package may make the call {@code impl} names. */
  private boolean convertible(ClassNode host, Map<String, MethodNode> own, Handle impl) {
    int tag = impl.getTag();
    if (impl.getOwner().equals(host.name)) {
      MethodNode m = own.get(impl.getName() + impl.getDesc());
      if (m == null) {
        return false;
      }
      if ((m.access & Opcodes.ACC_PRIVATE) != 0) {
        return isPrivateLambda(m); // only javac's own lambda bodies change their access
      }
      return tag != Opcodes.H_INVOKESPECIAL;
    }
    if (tag == Opcodes.H_INVOKESPECIAL) {
      return false;
    }
    return accessible(host.name, impl);
  }

  /**
   * Whether {@code impl}, of another class, is public in a public class, or of the same package.
   */
  private boolean accessible(String hostName, Handle impl) {
    try {
      Class<?> owner = Class.forName(impl.getOwner().replace('/', '.'), false, loader);
      Executable member = member(owner, impl);
      if (member == null) {
        return false;
      }
      int access = member.getModifiers();
      boolean samePackage = packageOf(hostName).equals(packageOf(impl.getOwner()));
      if (Modifier.isPrivate(access)) {
        return false;
      }
      if (samePackage && owner.getClassLoader() == loader) {
        return true;
      }
      return Modifier.isPublic(access) && Modifier.isPublic(owner.getModifiers());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static Executable member(Class<?> owner, Handle impl) {
    Type t = Type.getMethodType(impl.getDesc());
    for (Executable e :
        impl.getName().equals("<init>")
            ? owner.getDeclaredConstructors()
            : owner.getDeclaredMethods()) {
      boolean sameName = e instanceof Constructor<?> || e.getName().equals(impl.getName());
      String desc =
          e instanceof Method m
              ? Type.getMethodDescriptor(m)
              : Type.getConstructorDescriptor((Constructor<?>) e);
      if (sameName && desc.equals(t.getDescriptor())) {
        return e;
      }
    }
    return null;
  }

  private static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash < 0 ? "" : internalName.substring(0, slash);
  }

  private static boolean isPrivateLambda(MethodNode m) {
    return (m.access & Opcodes.ACC_PRIVATE) != 0
        && (m.access & Opcodes.ACC_SYNTHETIC) != 0
        && m.name.startsWith("lambda$");
  }

  /** A lambda body of the host becomes package-private and static (receiver first). */
  private static void relax(MethodNode m, String host) {
    m.access &= ~Opcodes.ACC_PRIVATE;
    if ((m.access & Opcodes.ACC_STATIC) == 0) {
      m.access |= Opcodes.ACC_STATIC;
      m.desc = LambdaClass.staticDescriptor(m.desc, host);
    }
  }
}
