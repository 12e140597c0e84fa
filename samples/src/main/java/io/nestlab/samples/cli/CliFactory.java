package io.nestlab.samples.cli;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * picocli's factory for the CLI: makes commands, mixins and converters by their no-argument
 * constructor, and an empty collection or map for an option's interface type, as picocli's own
 * {@code DefaultFactory} does. Services reach a command through {@code @Inject} members filled by
 * {@link CliInjection} just before it runs (docs/design/0151).
 *
 * <p>It replaces picocli's {@code DefaultFactory} for speed: that class's static initializer looks
 * for Groovy's {@code Closure} class, and a class that is not there makes the JVM open every one of
 * the CLI's jars, about 45 ms on every run (docs/performance.md).
 */
final class CliFactory implements CommandLine.IFactory {
  @Override
  public <K> K create(Class<K> cls) throws Exception {
    if (cls.isInterface()) {
      return cls.cast(collection(cls));
    }
    Constructor<K> c = cls.getDeclaredConstructor();
    c.setAccessible(true);
    return c.newInstance();
  }

  /** An empty collection or map for an option's interface type, as picocli's own factory does. */
  private static Object collection(Class<?> cls) {
    if (List.class.isAssignableFrom(cls)) {
      return new ArrayList<>();
    }
    if (SortedSet.class.isAssignableFrom(cls)) {
      return new TreeSet<>();
    }
    if (Set.class.isAssignableFrom(cls)) {
      return new LinkedHashSet<>();
    }
    if (Queue.class.isAssignableFrom(cls)) {
      return new LinkedList<>();
    }
    if (Collection.class.isAssignableFrom(cls)) {
      return new ArrayList<>();
    }
    if (SortedMap.class.isAssignableFrom(cls)) {
      return new TreeMap<>();
    }
    if (Map.class.isAssignableFrom(cls)) {
      return new LinkedHashMap<>();
    }
    throw new CommandLine.InitializationException(
        "cannot make an instance of the interface " + cls.getName());
  }
}
