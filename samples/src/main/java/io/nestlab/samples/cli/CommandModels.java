package io.nestlab.samples.cli;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Builds picocli models in code for the root command and the offline commands ({@code validate},
 * {@code estimate}, {@code plan}, {@code catalog}), which run on every start-up that matters
 * (docs/design/0160). A model made from annotations makes the JVM generate a proxy class for each
 * annotation type it reads and picocli reflect over each field: about 20 ms of CPU of a 100 ms
 * command, on every run, and no JDK 17 class-data archive keeps any of it. A model built here
 * prints the same help and parses the same options; the lab commands keep their annotations.
 *
 * <p>Values reach the command's fields through {@link FieldValue}: the fields are looked up by name
 * (a plain reflective lookup, no annotation read), so a renamed field fails the first test that
 * builds the command.
 */
final class CommandModels {
  /**
   * The descriptions picocli's {@code mixinStandardHelpOptions} gives {@code -h} and {@code -V}.
   */
  static final String HELP = "Show this help message and exit.";

  static final String VERSION = "Print version information and exit.";

  private CommandModels() {}

  /** A command named {@code name} that runs {@code command} (a Runnable or Callable). */
  static CommandSpec command(Object command, String name, String... description) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    spec.name(name);
    spec.usageMessage().description(description);
    return spec;
  }

  /**
   * {@code -h/--help} and {@code -V/--version}, as {@code mixinStandardHelpOptions = true} makes
   * them, without reading picocli's annotated mixin class.
   */
  static void standardHelpOptions(CommandSpec spec, CommandLine.ScopeType scope) {
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .scopeType(scope)
            .description(HELP)
            .build());
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .scopeType(scope)
            .description(VERSION)
            .build());
  }

  /** An option bound to {@code command}'s field {@code field}, typed as the field is. */
  static OptionSpec.Builder option(Object command, String field, String... names) {
    Field f = field(command, field);
    FieldValue binding = new FieldValue(command, f);
    return OptionSpec.builder(names)
        .type(f.getType())
        .auxiliaryTypes(elementTypes(f))
        .getter(binding)
        .setter(binding)
        .initialValue(binding.get()); // as picocli reads an annotated field's initial value
  }

  /** A positional parameter bound to {@code command}'s field {@code field}. */
  static PositionalParamSpec.Builder positional(Object command, String field) {
    Field f = field(command, field);
    FieldValue binding = new FieldValue(command, f);
    return PositionalParamSpec.builder()
        .type(f.getType())
        .auxiliaryTypes(elementTypes(f))
        .getter(binding)
        .setter(binding)
        .initialValue(binding.get()); // as picocli reads an annotated field's initial value
  }

  private static Field field(Object command, String name) {
    try {
      Field f = command.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(
          command.getClass().getSimpleName() + " has no field '" + name + "' to bind", e);
    }
  }

  /** The element types of a {@code List<T>} or {@code Map<K, V>} field, as picocli infers them. */
  private static Class<?>[] elementTypes(Field f) {
    Type generic = f.getGenericType();
    if (!(generic instanceof ParameterizedType p)) {
      return new Class<?>[] {f.getType()};
    }
    Type[] args = p.getActualTypeArguments();
    Class<?>[] out = new Class<?>[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = args[i] instanceof Class<?> c ? c : String.class;
    }
    return out;
  }

  /** Reads and sets one field of a command (picocli's own field binding is not public). */
  private record FieldValue(Object command, Field field)
      implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      try {
        return (T) field.get(command);
      } catch (IllegalAccessException e) {
        throw new CommandLine.PicocliException("cannot read " + field.getName(), e);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
      try {
        T old = (T) field.get(command);
        field.set(command, value);
        return old;
      } catch (IllegalAccessException e) {
        throw new CommandLine.PicocliException("cannot set " + field.getName(), e);
      }
    }
  }
}
