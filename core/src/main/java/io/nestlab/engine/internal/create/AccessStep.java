package io.nestlab.engine.internal.create;

import io.nestlab.access.HostAccess;
import io.nestlab.access.LabAccess;
import io.nestlab.access.Secret;
import io.nestlab.access.SshConnection;
import io.nestlab.access.SshTarget;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.engine.internal.Messages;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies the host's SSH key against its console ({@code access}) and fetches the lab's
 * credentials into its vault ({@code lab-credentials}). A failure here leaves the lab ready (it
 * runs; only the copy of its credentials is missing): it becomes the lab's last error, and {@code
 * nestlab creds} fetches them later.
 */
final class AccessStep extends CreateStep {
  AccessStep() {
    super(LabStep.ACCESS, WaitLevel.READY);
  }

  @Override
  boolean isDone(CreateContext c) {
    return c.run().ended(LabStep.CREDENTIALS);
  }

  @Override
  void apply(CreateContext c) {
    c.accessProblem(reach(c));
  }

  private static String reach(CreateContext c) {
    c.run().begin(LabStep.ACCESS, Map.of());
    Optional<SshTarget> target = LabAccess.targetOf(c.provider(), c.record().publicIp());
    if (target.isEmpty()) {
      c.run()
          .end(
              LabStep.ACCESS,
              Map.of(),
              "no SSH to " + c.provider().id() + " hosts; credentials stay there");
      return null;
    }
    HostAccess access;
    SshConnection ssh;
    try {
      access = HostSsh.access(c, target.get());
      ssh = access.open(HostSsh.labKey(c), HostSsh.SSH_TIMEOUT);
    } catch (RuntimeException e) {
      c.run().fail(LabStep.ACCESS, e);
      return "no SSH access: " + Messages.of(e);
    }
    try (ssh) {
      String credentialsPath =
          c.engine().credentialsPath() != null
              ? c.engine().credentialsPath()
              : c.provider().credentialsPath();
      Map<String, String> data = new LinkedHashMap<>(access.toMap());
      data.put(LabStep.CREDENTIALS_PATH, credentialsPath);
      c.run().end(LabStep.ACCESS, data, "host key " + ssh.hostKeyFingerprint() + " verified");
      c.run().begin(LabStep.CREDENTIALS, Map.of());
      Secret creds = ssh.readFile(credentialsPath, HostSsh.SSH_TIMEOUT);
      c.vault().saveCredentials(creds);
      c.run().end(LabStep.CREDENTIALS, Map.of(), "credentials stored in the lab's secrets");
      return null;
    } catch (RuntimeException e) {
      c.run().fail(LabStep.CREDENTIALS, e);
      return "credentials not fetched: "
          + Messages.of(e)
          + "; 'nestlab creds "
          + c.run().labId()
          + "' retries";
    }
  }
}
