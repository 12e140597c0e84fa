package io.nestlab.samples.cli;

import io.nestlab.access.LabAccess;
import io.nestlab.access.Secret;
import io.nestlab.access.SshConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nestlab creds LAB}: the lab's generated passwords, to a terminal only. */
@Command(
    name = "creds",
    description = {
      "Print the lab's credentials (vCenter SSO administrator, ESXi and appliance root).",
      "Only to a terminal: add --force to send them into a pipe or a file."
    })
final class CredsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LabAccessOptions access;

  @Option(names = "--force", description = "Print even when the output is not a terminal.")
  boolean force;

  @Option(
      names = "--remote-file",
      paramLabel = "PATH",
      description =
          "Where the credentials are on the host (default: where the lab keeps them, "
              + LabAccess.CREDENTIALS_PATH
              + ").")
  String remoteFile;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    // The lab first: an unknown lab or one without access is said as such (exit 4).
    AccessTarget target = access.resolve();
    if (!force && !Terminal.isInteractive()) {
      err.println(
          "nestlab: refusing to print the credentials of lab '"
              + access.lab
              + "' into a pipe or a file, where they would outlive this session; run it in a"
              + " terminal, or add --force if you mean it");
      return ExitCode.INVALID_INPUT;
    }
    Secret creds = target.credentials();
    if (creds == null) {
      try (SshConnection ssh = target.connect(access.timeout)) {
        creds =
            ssh.readFile(
                remoteFile != null ? remoteFile : target.remoteCredentials(), access.timeout);
      }
      if (target.saveCredentials() != null) {
        target.saveCredentials().accept(creds);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    String text = creds.reveal();
    out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
    out.flush();
    return ExitCode.OK;
  }
}
