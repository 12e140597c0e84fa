package io.nestlab.access;

import io.nestlab.NestLabTimeoutException;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.LabProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The steps that reach a lab, as the engine and the CLI use them: learn the host's keys from its
 * console, connect with the lab's key, fetch the lab's credentials.
 *
 * <pre>{@code
 * HostKeyFingerprints keys = LabAccess.awaitHostKeys(provider, host, Duration.ofMinutes(10));
 * try (SshConnection ssh = SshConnection.open(target, labKey, HostKeyVerifier.of(keys), timeout)) {
 *   Secret creds = LabAccess.fetchCredentials(ssh, timeout);
 * }
 * }</pre>
 */
public final class LabAccess {
  /** Where the bootstrap keeps the lab's generated passwords on the L1 host (root only). */
  public static final String CREDENTIALS_PATH = "/etc/nestlab/secrets.env";

  /** How often the console is read while waiting for the host keys. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);

  private LabAccess() {}

  /** {@link #awaitHostKeys(LabProvider, HostRef, Duration, Duration)}, polling every 5 s. */
  public static HostKeyFingerprints awaitHostKeys(
      LabProvider provider, HostRef host, Duration timeout) {
    return awaitHostKeys(provider, host, timeout, DEFAULT_POLL);
  }

  /**
   * Reads the host's serial console from its start until the host key fingerprints appear.
   *
   * @throws NestLabTimeoutException when they do not appear within {@code timeout}
   * @throws io.nestlab.NestLabException when the console shows conflicting or unusable keys
   */
  public static HostKeyFingerprints awaitHostKeys(
      LabProvider provider, HostRef host, Duration timeout, Duration pollInterval) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(host, "host");
    long deadline = System.nanoTime() + timeout.toNanos();
    StringBuilder console = new StringBuilder();
    long offset = 0;
    while (true) {
      ConsoleOutput out = provider.readConsole(host, offset);
      console.append(out.text());
      offset = out.nextOffset();
      Optional<HostKeyFingerprints> keys = HostKeyFingerprints.findInConsole(console.toString());
      if (keys.isPresent()) {
        return keys.get();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new NestLabTimeoutException(
            "host "
                + host.id()
                + " to print its SSH host key fingerprints on its serial console (between '"
                + HostKeyFingerprints.BEGIN
                + "' and '"
                + HostKeyFingerprints.END
                + "'); is cloud-init running on it?",
            timeout);
      }
      sleep(Math.min(left / 1_000_000, pollInterval.toMillis()));
    }
  }

  /**
   * Where to SSH to a provider's host, or empty when its hosts have no SSH ({@link
   * LabProvider#sshPort()} 0) or the host has no public address yet.
   */
  public static Optional<SshTarget> targetOf(LabProvider provider, String publicIp) {
    if (provider.sshPort() <= 0 || publicIp == null || publicIp.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new SshTarget(publicIp, provider.sshPort(), provider.sshUser()));
  }

  /** Reads the lab's credentials file ({@link #CREDENTIALS_PATH}) from the L1 host. */
  public static Secret fetchCredentials(SshConnection ssh, Duration timeout) {
    return ssh.readFile(CREDENTIALS_PATH, timeout);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(Math.max(1, ms));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.nestlab.NestLabException("interrupted while waiting for the host keys", e);
    }
  }
}
