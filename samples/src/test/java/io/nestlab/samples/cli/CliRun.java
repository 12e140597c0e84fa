package io.nestlab.samples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in this JVM and keeps what it printed, for assertions. */
final class CliRun {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final int code;

  private CliRun(String... args) {
    // As the launcher does: only the named subcommand is built.
    CommandLine cl = NestLabCli.commandLine(args);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    code = cl.execute(args);
  }

  static CliRun of(String... args) {
    return new CliRun(args);
  }
}
