package io.nestlab.junit;

import io.nestlab.spi.HostCommands;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Collects a lab's L1 host logs for a failed test: what the host's NestLab services wrote (the
 * journal of {@code nestlab-*} units, the progress log, the nested hosts' serial logs), read with
 * host commands, and the host's serial console, read from the provider. Each part is read on its
 * own; one that cannot be read says why in its place, so the other still arrives.
 */
final class HostLogs {
  /** Run as root on the host; prints only what the host programs log, which carries no secret. */
  static final String COMMAND =
      "sh -c 'journalctl --no-pager -o short-iso -n 2000 -u \"nestlab*\" 2>&1;"
          + " echo \"== /var/lib/nestlab/progress.log\";"
          + " tail -n 500 /var/lib/nestlab/progress.log 2>&1;"
          + " for f in /var/log/nestlab/*.log; do [ -e \"$f\" ] || continue;"
          + " echo \"== $f (last 200 lines)\"; tail -n 200 \"$f\"; done'";

  static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** The console's tail that is kept: enough for the bootstrap's last phases. */
  static final int CONSOLE_CHARS = 64 * 1024;

  private final String labId;
  private final Callable<HostCommands> host;
  private final Callable<String> console;

  HostLogs(String labId, Callable<HostCommands> host, Callable<String> console) {
    this.labId = labId;
    this.host = host;
    this.console = console;
  }

  String collect() {
    StringBuilder out = new StringBuilder();
    out.append("NestLab logs of lab ").append(labId).append('\n');
    out.append("\n==== L1 host: journalctl -u 'nestlab*', progress and serial logs\n");
    out.append(hostPart());
    out.append("\n==== L1 host: serial console");
    String text;
    try {
      text = console.call();
      if (text.length() > CONSOLE_CHARS) {
        out.append(" (last ").append(CONSOLE_CHARS).append(" characters)");
        text = text.substring(text.length() - CONSOLE_CHARS);
      }
    } catch (Exception e) {
      text = "(not read: " + reason(e) + ")";
    }
    out.append('\n').append(text);
    if (!text.endsWith("\n")) {
      out.append('\n');
    }
    return out.toString();
  }

  private String hostPart() {
    try (HostCommands commands = host.call()) {
      HostCommands.Result r = commands.run(COMMAND, TIMEOUT);
      String text = r.stdout() + (r.stderr().isEmpty() ? "" : r.stderr());
      if (!text.endsWith("\n")) {
        text += "\n";
      }
      return r.succeeded()
          ? text
          : text + "(the command ended with status " + r.exitStatus() + ")\n";
    } catch (Exception e) {
      return "(not reachable: " + reason(e) + ")\n";
    }
  }

  private static String reason(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
