package io.nestlab.samples.cli;

import picocli.CommandLine;

/**
 * picocli's default transformer of negatable options ({@code --no-x}), made on first use: picocli
 * makes one for every command model, compiling two regular expressions each time, which in a cold
 * JVM initializes the whole regular-expression engine on the main thread (~5 ms of every command;
 * docs/design/0200). The build points picocli at this class ({@code
 * io.nestlab.samples.build.PicocliStartupPatch}, in the CLI's copy of picocli only); it answers
 * exactly as {@code RegexTransformer.createDefault()} does, which it asks when an option is first
 * negated.
 */
public final class LazyNegatables implements CommandLine.INegatableOptionTransformer {
  private LazyNegatables() {}

  /** What picocli's command models get in place of {@code RegexTransformer.createDefault()}. */
  public static CommandLine.INegatableOptionTransformer createDefault() {
    return new LazyNegatables();
  }

  /** The default transformer, made when the class is first initialized. */
  private static final class Default {
    static final CommandLine.RegexTransformer TRANSFORMER =
        CommandLine.RegexTransformer.createDefault();
  }

  @Override
  public String makeNegative(String optionName, CommandLine.Model.CommandSpec cmd) {
    return Default.TRANSFORMER.makeNegative(optionName, cmd);
  }

  @Override
  public String makeSynopsis(String optionName, CommandLine.Model.CommandSpec cmd) {
    return Default.TRANSFORMER.makeSynopsis(optionName, cmd);
  }

  @Override
  public String toString() {
    return Default.TRANSFORMER.toString();
  }
}
