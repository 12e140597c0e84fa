package io.nestlab.engine.internal.create;

import io.nestlab.access.HostAccess;
import io.nestlab.access.HostKeyFingerprints;
import io.nestlab.access.LabAccess;
import io.nestlab.access.SshKeyPair;
import io.nestlab.access.SshTarget;
import io.nestlab.state.LabStateException;
import java.time.Duration;

/** SSH to the lab's host for the steps that need it: its verified host keys and the lab's key. */
final class HostSsh {
  static final Duration SSH_TIMEOUT = Duration.ofMinutes(2);

  private HostSsh() {}

  /** The target with the host keys its console published (waits for them). */
  static HostAccess access(CreateContext c, SshTarget target) {
    HostKeyFingerprints keys =
        LabAccess.awaitHostKeys(
            c.provider(),
            c.record().host(),
            c.engine().timings().stateTimeout(),
            c.engine().timings().pollInterval());
    return new HostAccess(target, keys);
  }

  static SshKeyPair labKey(CreateContext c) {
    String labId = c.run().labId();
    return SshKeyPair.parse(
        c.vault()
            .sshKey()
            .orElseThrow(() -> new LabStateException("lab " + labId + " lost its key")),
        "nestlab-" + labId);
  }
}
