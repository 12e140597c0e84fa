package io.nestlab.samples.cli;

import picocli.CommandLine;

/**
 * A command that only groups subcommands ({@code nestlab fleet}, {@code nestlab state}): run alone,
 * it prints its usage, which lists them.
 */
abstract class CommandGroup implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Override
  public void run() {
    cmd.commandLine().usage(cmd.commandLine().getOut());
  }
}
