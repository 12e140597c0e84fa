package io.nestlab.access;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Accepts an SSH host key only when its SHA256 fingerprint is one the host printed on its serial
 * console; there is no trust on first use and no fallback to a {@code known_hosts} file.
 */
public final class HostKeyVerifier {
  private final HostKeyFingerprints expected;

  private HostKeyVerifier(HostKeyFingerprints expected) {
    this.expected = expected;
  }

  public static HostKeyVerifier of(HostKeyFingerprints expected) {
    return new HostKeyVerifier(Objects.requireNonNull(expected, "expected"));
  }

  public HostKeyFingerprints expected() {
    return expected;
  }

  /**
   * Checks the key a host presented.
   *
   * @param host how to name the host in the message, for example {@code 203.0.113.7:22}
   * @param keyType the SSH key type, for example {@code ssh-ed25519}
   * @param keyBlob the key's SSH wire encoding
   * @throws HostKeyMismatchException when no expected fingerprint matches
   */
  public void verify(String host, String keyType, byte[] keyBlob) {
    String presented = HostKeyFingerprint.sha256Of(keyBlob);
    if (expected.find(presented).isEmpty()) {
      throw new HostKeyMismatchException(host, keyType, presented, expected.describe());
    }
  }

  /**
   * The host key algorithms to offer, best first: those of the listed keys, so that a host with
   * several keys presents one NestLab can check.
   */
  public List<String> hostKeyAlgorithms() {
    Set<String> algorithms = new LinkedHashSet<>();
    for (HostKeyFingerprint k : expected.keys()) {
      switch (k.type()) {
        case "ED25519" -> algorithms.add("ssh-ed25519");
        case "ECDSA" -> algorithms.add("ecdsa-sha2-nistp" + k.bits());
        case "RSA" -> {
          algorithms.add("rsa-sha2-512");
          algorithms.add("rsa-sha2-256");
        }
        default -> {
          // DSA and unknown types: too weak or unknown; never offered
        }
      }
    }
    return new ArrayList<>(algorithms);
  }
}
