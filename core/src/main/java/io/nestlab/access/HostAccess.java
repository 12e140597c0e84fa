package io.nestlab.access;

import io.nestlab.NestLabException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a lab's L1 host is reached once its keys are known: where to SSH and which host keys to
 * accept. Kept with the lab's state (it holds nothing secret), so that {@code nestlab ssh} and
 * {@code connect} need no further cloud call.
 *
 * @param target the host's address, SSH port and login user
 * @param hostKeys the fingerprints the host printed on its console
 */
public record HostAccess(SshTarget target, HostKeyFingerprints hostKeys) {
  static final String HOST = "sshHost";
  static final String PORT = "sshPort";
  static final String USER = "sshUser";
  static final String KEYS = "hostKeys";

  /** As string pairs, for a journal entry or a properties file. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(HOST, target.host());
    m.put(PORT, String.valueOf(target.port()));
    m.put(USER, target.user());
    m.put(KEYS, hostKeys.toBlock());
    return m;
  }

  /** Reads {@link #toMap()} output; empty when the map holds no host access. */
  public static Optional<HostAccess> fromMap(Map<String, String> m) {
    if (!m.containsKey(HOST) || !m.containsKey(KEYS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new HostAccess(
              new SshTarget(m.get(HOST), Integer.parseInt(m.get(PORT)), m.get(USER)),
              HostKeyFingerprints.findInConsole(m.get(KEYS))
                  .orElseThrow(() -> new IllegalArgumentException("no host key block"))));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new NestLabException(
          "the lab's recorded SSH access is damaged (" + e.getMessage() + ")", e);
    }
  }

  /** Opens a verified connection with the lab's key. */
  public SshConnection open(SshKeyPair key, java.time.Duration timeout) {
    return SshConnection.open(target, key, HostKeyVerifier.of(hostKeys), timeout);
  }
}
