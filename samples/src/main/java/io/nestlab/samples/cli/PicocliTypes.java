package io.nestlab.samples.cli;

/**
 * Loads the types picocli registers its reflective converters for ({@code java.time}, {@code
 * java.sql}, {@code java.nio.file}) without initializing them: picocli's own {@code Class.forName}
 * initializes each, and {@code java.time.MonthDay}'s initialization builds the whole {@code
 * DateTimeFormatter} machinery, ~4 ms of every command. The {@code java.time} and {@code java.sql}
 * types are not offered at all: no NestLab option takes one without its own converter (durations
 * have {@code DurationConverter}; {@code OptionTypesTest} keeps it so), and looking up each type's
 * parse method by reflection cost ~2 ms more (docs/design/0200). The build points picocli's
 * converter registration at this class ({@code io.nestlab.samples.build.PicocliStartupPatch}, the
 * CLI's copy of picocli only); picocli skips a type whose class is not found, as it does on a JDK
 * without {@code java.sql}.
 */
public final class PicocliTypes {
  private PicocliTypes() {}

  /** {@code Class.forName(name)} without the class's initialization. */
  public static Class<?> forName(String name) throws ClassNotFoundException {
    if (name.startsWith("java.time.") || name.startsWith("java.sql.")) {
      throw new NotOffered(name);
    }
    return Class.forName(name, false, PicocliTypes.class.getClassLoader());
  }

  /** A type not offered; picocli only logs it at its debug level, so no stack trace is made. */
  private static final class NotOffered extends ClassNotFoundException {
    private static final long serialVersionUID = 1L;

    NotOffered(String name) {
      super(name + ": no NestLab option takes it");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
