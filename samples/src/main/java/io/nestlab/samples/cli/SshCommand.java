package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.access.SshConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nestlab ssh LAB [-- COMMAND...]}: a shell or a command on the lab's L1 host. */
@Command(
    name = "ssh",
    description = {
      "Open a shell on the lab's L1 host, or run COMMAND there (after --).",
      "The host key must match the fingerprints the host printed on its console.",
      "With a COMMAND, exits with the command's exit status."
    })
final class SshCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LabAccessOptions access;

  @Parameters(index = "1..*", paramLabel = "COMMAND", description = "A command to run instead.")
  List<String> command;

  @Option(
      names = "--command-timeout",
      paramLabel = "DURATION",
      description = "How long COMMAND may run (default: ${DEFAULT-VALUE}).",
      defaultValue = "1h",
      converter = DurationConverter.class)
  Duration commandTimeout;

  @Override
  public Integer call() {
    boolean interactive = command == null || command.isEmpty();
    // The lab first: an unknown lab or one without access is said as such (exit 4).
    AccessTarget target = access.resolve();
    if (interactive && !Terminal.isInteractive()) {
      throw new NestLabException(
          "an interactive shell needs a terminal; to run a command, put it after --: nestlab ssh "
              + access.lab
              + " -- uptime");
    }
    try (SshConnection ssh = target.connect(access.timeout)) {
      if (!interactive) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WriterOutputStream o = new WriterOutputStream(out);
        WriterOutputStream e = new WriterOutputStream(err);
        int status = ssh.exec(String.join(" ", command), o, e, commandTimeout);
        o.flush();
        e.flush();
        return status < 0 ? ExitCode.PROVIDER : status;
      }
      int[] size = Terminal.size();
      String term = System.getenv().getOrDefault("TERM", "xterm-256color");
      Runnable restore = Terminal.raw();
      try {
        int status = ssh.interactive(null, term, size[0], size[1], System.in, System.out);
        return status < 0 ? ExitCode.OK : status;
      } finally {
        restore.run();
      }
    }
  }
}
