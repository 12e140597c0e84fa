package io.nestlab.samples.cli;

import com.google.inject.Injector;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Gives the command about to run, and its mixins, what they ask for with {@code @Inject} fields or
 * methods, from the CLI's Guice injector ({@link CliModule}; docs/design/0151). The injector is
 * made the first time a command asks for something: the offline commands ask for nothing, and a
 * command that is only listed (help) or only asked for its help is not injected, so they never
 * start Guice.
 */
final class CliInjection {
  private final Supplier<Injector> injector;
  private Injector made;

  /**
   * @param injector makes the injector, on first need only
   */
  CliInjection(Supplier<Injector> injector) {
    this.injector = injector;
  }

  /** The CLI's own injector: {@link CliModule}. */
  static CliInjection standard() {
    return new CliInjection(new Standard());
  }

  /** A class, not a lambda: linking a lambda would load Guice's types on every start. */
  private static final class Standard implements Supplier<Injector> {
    @Override
    public Injector get() {
      return com.google.inject.Guice.createInjector(new CliModule());
    }
  }

  /** Whether the injector was made. */
  boolean injectorMade() {
    return made != null;
  }

  /** Injects the command {@code parseResult} runs (the last subcommand) and its mixins. */
  void intoCommand(CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    if (last.isUsageHelpRequested() || last.isVersionHelpRequested()) {
      return;
    }
    List<Object> wanting = new ArrayList<>();
    collect(last.commandSpec(), wanting);
    if (wanting.isEmpty()) {
      return;
    }
    if (made == null) {
      made = injector.get();
    }
    for (Object o : wanting) {
      made.injectMembers(o);
    }
  }

  private static void collect(CommandSpec spec, List<Object> into) {
    Object o = spec.userObject();
    if (o != null && wantsInjection(o.getClass())) {
      into.add(o);
    }
    for (CommandSpec mixin : spec.mixins().values()) {
      collect(mixin, into);
    }
  }

  /** An {@code @Inject} on a field or method of {@code cls} (not its supertypes). */
  static boolean wantsInjection(Class<?> cls) {
    for (Field f : cls.getDeclaredFields()) {
      if (f.isAnnotationPresent(jakarta.inject.Inject.class)) {
        return true;
      }
    }
    for (Method m : cls.getDeclaredMethods()) {
      if (m.isAnnotationPresent(jakarta.inject.Inject.class)) {
        return true;
      }
    }
    for (Constructor<?> c : cls.getDeclaredConstructors()) {
      if (c.isAnnotationPresent(jakarta.inject.Inject.class)) {
        throw new IllegalStateException(
            cls.getName()
                + " has an @Inject constructor; picocli makes commands and mixins, so take"
                + " services through @Inject fields or methods instead");
      }
    }
    return false;
  }
}
