package io.nestlab.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.access.internal.Ed25519Keys;
import io.nestlab.access.internal.OpenSshKeyFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostKeyVerifierTest {
  private final SshKeyPair hostKey = SshKeyPair.generate("root@l1");
  private final byte[] blob =
      OpenSshKeyFormat.publicBlob(Ed25519Keys.publicPoint(hostKey.toJavaKeyPair(null).getPublic()));

  @Test
  void acceptsTheKeyWhoseFingerprintTheConsoleShowed() {
    HostKeyVerifier v = verifierFor(hostKey.fingerprint());
    v.verify("203.0.113.7:22", "ssh-ed25519", blob);
  }

  @Test
  void refusesAnyOtherKeyNamingHostKeyAndExpectation() {
    String other = SshKeyPair.generate("x").fingerprint();
    HostKeyVerifier v = verifierFor(other);
    HostKeyMismatchException e =
        assertThrows(
            HostKeyMismatchException.class, () -> v.verify("203.0.113.7:22", "ssh-ed25519", blob));
    assertEquals(hostKey.fingerprint(), e.presentedFingerprint());
    assertTrue(
        e.getMessage()
            .startsWith(
                "refusing to connect to 203.0.113.7:22: its SSH host key (ssh-ed25519 "
                    + hostKey.fingerprint()
                    + ") matches none of the fingerprints"),
        e.getMessage());
    assertTrue(e.getMessage().contains("ED25519 " + other), e.getMessage());
    assertTrue(e.getMessage().contains("never trusts a host key on first use"), e.getMessage());
  }

  @Test
  void offersTheHostKeyAlgorithmsOfTheListedKeysOnly() {
    HostKeyVerifier v =
        HostKeyVerifier.of(
            HostKeyFingerprints.findInConsole(HostKeyFingerprintsTest.CONSOLE).orElseThrow());
    assertEquals(
        List.of("ecdsa-sha2-nistp256", "ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256"),
        v.hostKeyAlgorithms());
  }

  private static HostKeyVerifier verifierFor(String sha256) {
    return HostKeyVerifier.of(
        HostKeyFingerprints.of(List.of(new HostKeyFingerprint(256, sha256, "root@l1", "ED25519"))));
  }
}
