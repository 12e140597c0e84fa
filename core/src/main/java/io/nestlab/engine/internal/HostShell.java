package io.nestlab.engine.internal;

import io.nestlab.NestLabException;
import io.nestlab.access.ExecResult;
import io.nestlab.access.SshConnection;
import io.nestlab.engine.LabSsh;
import io.nestlab.spi.HostCommands;
import io.nestlab.spi.LabProvider;
import io.nestlab.state.LabRecord;
import java.time.Duration;
import java.util.Locale;

/**
 * Host commands for a lab: the provider's own when its hosts are simulated, else SSH with the host
 * key verified when the lab became ready and the lab's key. One connection per shell; close it.
 */
public final class HostShell {
  static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(1);

  private HostShell() {}

  /**
   * Opens host commands for {@code rec}'s host.
   *
   * @throws NestLabException when the lab has no host or no verified SSH access yet
   */
  public static HostCommands open(EngineContext ctx, LabProvider provider, LabRecord rec) {
    String labId = rec.labId();
    if (rec.host() == null) {
      throw new NestLabException(
          "lab " + labId + " has no host (status " + status(rec) + "); run 'nestlab up' first");
    }
    return provider.hostCommands(rec.host()).orElseGet(() -> ssh(ctx, rec));
  }

  private static HostCommands ssh(EngineContext ctx, LabRecord rec) {
    String labId = rec.labId();
    SshConnection ssh =
        LabSsh.open(
            ctx.store(),
            rec,
            CONNECT_TIMEOUT,
            () ->
                new NestLabException(
                    "lab "
                        + labId
                        + " has no verified SSH access (status "
                        + status(rec)
                        + "); it gets one when 'nestlab up' has seen its host key and logged"
                        + " in: run 'nestlab resume "
                        + labId
                        + "'"),
            NestLabException::new);
    return new HostCommands() {
      @Override
      public Result run(String command, Duration timeout) {
        ExecResult r = ssh.exec("sudo -n " + command, timeout);
        return new Result(r.exitStatus(), r.stdout(), r.stderr());
      }

      @Override
      public void writeFile(String path, byte[] content, String mode, Duration timeout) {
        ssh.writeFile(path, content, mode, timeout);
      }

      @Override
      public void close() {
        ssh.close();
      }
    };
  }

  private static String status(LabRecord rec) {
    return rec.status().name().toLowerCase(Locale.ROOT);
  }
}
