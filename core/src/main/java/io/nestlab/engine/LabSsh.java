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
 * SSH to a lab's L1 host as the engine, the JUnit handle and the CLI's access commands all open it:
 * the host key the lab recorded when its access step ended (verified then), and the lab's own key
 * from its vault.
 */
public final class LabSsh {
  private LabSsh() {}

  /**
   * What logging in to a lab's host takes: its verified access and the lab's key.
   *
   * @param access the host, port, user and host keys recorded when the access step ended
   * @param key the lab's key pair (its {@code toString()} shows no key material)
   */
  public record Login(HostAccess access, SshKeyPair key) {}

  /** The lab's access step, if it ended (its data holds the access and where credentials are). */
  public static Optional<JournalEntry> accessStep(LabRecord rec) {
    return rec.lastOf(LabStep.ACCESS.wire()).filter(e -> e.phase() == JournalEntry.Phase.END);
  }

  /** The access the lab recorded when its access step ended, if it got that far. */
  public static Optional<HostAccess> verifiedAccess(LabRecord rec) {
    return accessStep(rec).flatMap(e -> HostAccess.fromMap(e.data()));
  }

  /**
   * The verified access to {@code rec}'s host and the lab's key, without connecting.
   *
   * @param noAccess the error when the lab has no verified access (it says why and what to run)
   * @param failure the error type for other problems, from its message
   */
  public static Login login(
      LabStore store,
      LabRecord rec,
      Supplier<? extends RuntimeException> noAccess,
      Function<String, ? extends RuntimeException> failure) {
    HostAccess access = verifiedAccess(rec).orElseThrow(noAccess);
    String labId = rec.labId();
    var key =
        LabVault.of(store, labId)
            .sshKey()
            .orElseThrow(() -> failure.apply("lab " + labId + " has lost its SSH key"));
    return new Login(access, SshKeyPair.parse(key, "nestlab-" + labId));
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
    Login login = login(store, rec, noAccess, failure);
    return login.access().open(login.key(), timeout);
  }
}
