package io.nestlab.samples.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The training run for the CLI's class-data archive (made in the package phase with {@code
 * -XX:ArchiveClassesAtExit}): runs the offline commands once, output discarded, so the archive
 * holds the classes they load and later runs map them instead of loading and verifying them. {@code
 * args[0]} is a lab file.
 */
final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) {
    String lab = args[0];
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream discard =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    System.setOut(discard);
    System.setErr(discard);
    int failed = 0;
    try {
      String[][] commands = {
        {"--version"},
        {"--help"},
        {"validate", lab},
        {"estimate", lab},
        {"estimate", "--json", lab},
        {"plan", lab},
        {"catalog"},
        {"providers"}
      };
      for (String[] command : commands) {
        if (NestLabCli.run(command) != 0) {
          failed++;
          err.println("CDS training: nestlab " + String.join(" ", command) + " failed");
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
