package io.nestlab.samples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The training run for the CLI's class-data archive (made in the package phase: this run with
 * {@code -XX:DumpLoadedClassList}, then {@code -Xshare:dump}): runs the offline commands once, and
 * {@code list} on an empty state directory (the Guice-assembled path of the lab commands), output
 * discarded, so the archive holds the classes they load and later runs map them instead of loading
 * and verifying them. {@code args[0]} is a lab file; {@code args[1]}, when given, the file in which
 * to record the JDK ({@code java.home}) that bin/nestlab must find to use the archive; {@code
 * args[2]} {@code offline} trains the smaller archive bin/nestlab maps for the offline commands
 * alone, without {@code list} (docs/design/0208).
 */
final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    String lab = args[0];
    Path state = Files.createTempDirectory("nestlab-cds-training");
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
        {"providers"},
        {"list", "--state-dir", state.toString()}
      };
      if (args.length > 2 && args[2].equals("offline")) {
        commands = Arrays.copyOf(commands, commands.length - 1);
      }
      for (String[] command : commands) {
        Preload.start(command); // as NestLabCli.main does
        if (NestLabCli.run(command) != 0) {
          failed++;
          err.println("CDS training: nestlab " + String.join(" ", command) + " failed");
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
      Files.deleteIfExists(state);
    }
    if (args.length > 1) {
      Files.writeString(
          Path.of(args[1]), System.getProperty("java.home") + "\n", StandardCharsets.UTF_8);
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
