package io.nestlab.samples.cli;

/**
 * Loads the types picocli registers its reflective converters for ({@code java.time}, {@code
 * java.sql}, ...) without initializing them: picocli's own {@code Class.forName} initializes each,
 * and {@code java.time.MonthDay}'s initialization builds the whole {@code DateTimeFormatter}
 * machinery, ~4 ms of every command (docs/design/0200). A type is initialized as always when a
 * converter first runs. The build points picocli's converter registration at this class ({@code
 * io.nestlab.samples.build.PicocliStartupPatch}, the CLI's copy of picocli only).
 */
public final class PicocliTypes {
  private PicocliTypes() {}

  /** {@code Class.forName(name)} without the class's initialization. */
  public static Class<?> forName(String name) throws ClassNotFoundException {
    return Class.forName(name, false, PicocliTypes.class.getClassLoader());
  }
}
