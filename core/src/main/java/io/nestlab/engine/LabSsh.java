package io.nestlab.engine;

import io.nestlab.access.HostAccess;
import io.nestlab.access.SshConnection;
import io.nestlab.access.SshKeyPair;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SSH to a lab's L1 host as the engine and the JUnit handle both open it: the host key the lab
 * recorded when its access step ended (verified then), and the lab's own key from its vault.
 */
public final class LabSsh {
  private LabSsh() {}

  /** The access the lab recorded when its access step ended, if it got that far. */
  public static Optional<HostAccess> verifiedAccess(LabRecord rec) {
    return rec.lastOf(LabStep.ACCESS.wire())
        .filter(e -> e.phase() == JournalEntry.Phase.END)
        .flatMap(e -> HostAccess.fromMap(e.data()));
  }

  /**
   * A new connection to {@code rec}'s host, logged in with the lab's key; the caller closes it.
   *
   * @param noAccess the error when the lab has no verified access (it says why and what to run)
   * @param failure the error type for other problems, from its message
   */
  public static SshConnection open(
      LabStore store,
      LabRecord rec,
      Duration timeout,
      Supplier<? extends RuntimeException> noAccess,
      Function<String, ? extends RuntimeException> failure) {
    HostAccess access = verifiedAccess(rec).orElseThrow(noAccess);
    String labId = rec.labId();
    var key =
        LabVault.of(store, labId)
            .sshKey()
            .orElseThrow(() -> failure.apply("lab " + labId + " has lost its SSH key"));
    return access.open(SshKeyPair.parse(key, "nestlab-" + labId), timeout);
  }
}
