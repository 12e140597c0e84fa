package io.nestlab.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostKeyFingerprintsTest {
  static final String ED = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
  static final String EC = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
  static final String RSA = "SHA256:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg";

  /** As cloud-init prints it on an EC2 Debian image: prefixes, CRLF, a kernel line inside. */
  static final String CONSOLE =
      String.join(
          "\r\n",
          "[  OK  ] Started cloud-final.service - Execute cloud user/final scripts.",
          "ec2: #############################################################",
          "ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----",
          "ec2: 256 " + EC + " root@ip-172-31-5-9 (ECDSA)",
          "[   31.002119] kvm_intel: nested=Y",
          "ec2: 256 " + ED + " root@ip-172-31-5-9 (ED25519)",
          "ec2: 3072 " + RSA + " root@ip-172-31-5-9 (RSA)",
          "ec2: -----END SSH HOST KEY FINGERPRINTS-----",
          "ec2: #############################################################",
          "NESTLAB phase=preflight status=done t=2026-11-24T10:00:00Z",
          "");

  @Test
  void findsEveryKeyOfTheBlockDespitePrefixesAndNoise() {
    HostKeyFingerprints f = HostKeyFingerprints.findInConsole(CONSOLE).orElseThrow();
    assertEquals(
        List.of(
            new HostKeyFingerprint(256, EC, "root@ip-172-31-5-9", "ECDSA"),
            new HostKeyFingerprint(256, ED, "root@ip-172-31-5-9", "ED25519"),
            new HostKeyFingerprint(3072, RSA, "root@ip-172-31-5-9", "RSA")),
        f.keys());
    assertEquals(Optional.of(f.keys().get(1)), f.find(ED));
    assertEquals(Optional.empty(), f.find("SHA256:" + "A".repeat(43)));
  }

  @Test
  void nothingYetWhileTheBlockIsIncomplete() {
    String partial = CONSOLE.substring(0, CONSOLE.indexOf("ec2: 3072"));
    assertEquals(Optional.empty(), HostKeyFingerprints.findInConsole(partial));
    assertEquals(Optional.empty(), HostKeyFingerprints.findInConsole(""));
  }

  @Test
  void aBlockWithoutCommentsOrPrefixesParses() {
    String text =
        HostKeyFingerprints.BEGIN
            + "\n256 "
            + ED
            + " no comment (ED25519)\n"
            + HostKeyFingerprints.END;
    HostKeyFingerprint k = HostKeyFingerprints.findInConsole(text).orElseThrow().keys().get(0);
    assertEquals("no comment", k.comment());
    assertEquals("ED25519", k.type());
  }

  @Test
  void theSameBlockPrintedAgainAfterARebootIsFine() {
    assertEquals(
        HostKeyFingerprints.findInConsole(CONSOLE),
        HostKeyFingerprints.findInConsole(CONSOLE + "reboot\n" + CONSOLE));
  }

  @Test
  void aLaterBlockWithOtherKeysIsRefused() {
    String forged =
        CONSOLE
            + HostKeyFingerprints.BEGIN
            + "\n256 "
            + "SHA256:"
            + "B".repeat(43)
            + " root@evil (ED25519)\n"
            + HostKeyFingerprints.END
            + "\n";
    NestLabException e =
        assertThrows(NestLabException.class, () -> HostKeyFingerprints.findInConsole(forged));
    assertTrue(e.getMessage().contains("two different ED25519 SSH host keys"), e.getMessage());
  }

  @Test
  void aLaterBlockWithFewerOrExtraKeyTypesAddsNothingAndBreaksNothing() {
    String bootstrapBlock =
        HostKeyFingerprints.BEGIN
            + "\n256 "
            + ED
            + " root@l1 (ED25519)\n1024 SHA256:"
            + "D".repeat(43)
            + " root@l1 (DSA)\n"
            + HostKeyFingerprints.END
            + "\n";
    assertEquals(
        HostKeyFingerprints.findInConsole(CONSOLE),
        HostKeyFingerprints.findInConsole(CONSOLE + bootstrapBlock));
  }

  @Test
  void md5OnlyFingerprintsAreNotTrusted() {
    String md5 =
        HostKeyFingerprints.BEGIN
            + "\n2048 MD5:de:ad:be:ef:de:ad:be:ef:de:ad:be:ef:de:ad:be:ef root@old (RSA)\n"
            + HostKeyFingerprints.END;
    NestLabException e =
        assertThrows(NestLabException.class, () -> HostKeyFingerprints.findInConsole(md5));
    assertTrue(e.getMessage().contains("only MD5"), e.getMessage());
  }

  @Test
  void aMalformedFingerprintIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HostKeyFingerprint(256, "SHA256:short", "", "ED25519"));
    assertTrue(e.getMessage().contains("is not a SHA256 fingerprint"));
  }
}
