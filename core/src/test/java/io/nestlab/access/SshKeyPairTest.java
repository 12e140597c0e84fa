package io.nestlab.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeyPairTest {
  @TempDir Path dir;

  @Test
  void publicKeyLineIsAnOpenSshEd25519Line() {
    SshKeyPair k = SshKeyPair.generate("nestlab-lab-42");
    String[] parts = k.publicKeyLine().split(" ");
    assertEquals(3, parts.length);
    assertEquals("ssh-ed25519", parts[0]);
    assertTrue(parts[1].startsWith("AAAAC3NzaC1lZDI1NTE5AAAAI"), parts[1]);
    assertEquals(51, Base64.getDecoder().decode(parts[1]).length);
    assertEquals("nestlab-lab-42", parts[2]);
    assertTrue(k.fingerprint().matches("SHA256:[A-Za-z0-9+/]{43}"), k.fingerprint());
  }

  @Test
  void everyKeyIsNew() {
    assertNotEquals(SshKeyPair.generate("a").fingerprint(), SshKeyPair.generate("a").fingerprint());
  }

  @Test
  void thePrivateKeyGoesToA0600FileAndReadsBackAsTheSameKey() throws Exception {
    SshKeyPair k = SshKeyPair.generate("lab");
    Path file = dir.resolve("secrets/id_ed25519");
    k.writePrivateKey(file);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String text = Files.readString(file);
    assertTrue(text.startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n"), text);
    assertTrue(text.endsWith("-----END OPENSSH PRIVATE KEY-----\n"), text);

    SshKeyPair back = SshKeyPair.read(file);
    assertEquals(k.publicKeyLine(), back.publicKeyLine());
    assertEquals(k.fingerprint(), back.fingerprint());

    // The key read back signs what the original public key verifies.
    byte[] data = "nestlab".getBytes(StandardCharsets.UTF_8);
    KeyPair original = k.toJavaKeyPair(null);
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(back.toJavaKeyPair(null).getPrivate());
    signer.update(data);
    byte[] sig = signer.sign();
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(original.getPublic());
    verifier.update(data);
    assertTrue(verifier.verify(sig));
  }

  @Test
  void aPkcs8PemKeyFromTheJdkRebuildsTheSamePublicKey() throws Exception {
    java.security.KeyPair jdk =
        java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(jdk.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";

    SshKeyPair k = SshKeyPair.parse(Secret.of(pem), "nestlab-lab-9");

    byte[] x509 = jdk.getPublic().getEncoded();
    byte[] point = java.util.Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    assertEquals(
        io.nestlab.access.internal.OpenSshKeyFormat.publicLine(point, "nestlab-lab-9"),
        k.publicKeyLine());
    // And it round-trips through the OpenSSH file format.
    assertEquals(k.publicKeyLine(), SshKeyPair.parse(k.privateKey(), "").publicKeyLine());
  }

  @Test
  void toStringShowsOnlyThePublicHalf() {
    SshKeyPair k = SshKeyPair.generate("lab");
    String s = k.toString();
    assertEquals("SshKeyPair[ssh-ed25519 " + k.fingerprint() + " lab]", s);
    assertFalse(s.contains("PRIVATE"));
    assertEquals("Secret[redacted]", k.privateKey().toString());
  }

  @Test
  void unreadableKeyFilesAreRefusedWithTheReason() throws IOException {
    Path missing = dir.resolve("none");
    assertTrue(
        assertThrows(NestLabException.class, () -> SshKeyPair.read(missing))
            .getMessage()
            .contains("is missing"));

    Path pem = dir.resolve("rsa.pem");
    Files.writeString(
        pem, "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
    assertTrue(
        assertThrows(NestLabException.class, () -> SshKeyPair.read(pem))
            .getMessage()
            .contains("not an OpenSSH private key"));

    Path damaged = dir.resolve("damaged");
    String good = SshKeyPair.generate("x").privateKey().reveal();
    Files.writeString(damaged, good.substring(0, 120) + "\n-----END OPENSSH PRIVATE KEY-----\n");
    NestLabException e = assertThrows(NestLabException.class, () -> SshKeyPair.read(damaged));
    assertTrue(e.getMessage().startsWith(damaged.toAbsolutePath().toString()), e.getMessage());
  }

  @Test
  void aCommentMustBeOneWord() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SshKeyPair.generate("two words"));
    assertTrue(e.getMessage().contains("one word"));
  }
}
