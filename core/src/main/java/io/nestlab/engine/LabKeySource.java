package io.nestlab.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/**
 * Makes a lab's SSH key pair: the seam where SSH access plugs in its own key handling. The engine
 * stores the private key in the lab's secrets file and hands the public key to the host.
 */
@FunctionalInterface
public interface LabKeySource {
  LabKey create(String labId);

  /** A fresh Ed25519 key pair from the JDK: OpenSSH public line, PKCS#8 PEM private key. */
  static LabKeySource ed25519() {
    return labId -> {
      try {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = kp.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        writeString(blob, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
        writeString(blob, raw);
        String pub =
            "ssh-ed25519 "
                + Base64.getEncoder().encodeToString(blob.toByteArray())
                + " nestlab-"
                + labId;
        String pem =
            "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(kp.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new LabKey(pub, pem);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
      }
    };
  }

  private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
    int n = bytes.length;
    out.write((n >>> 24) & 0xff);
    out.write((n >>> 16) & 0xff);
    out.write((n >>> 8) & 0xff);
    out.write(n & 0xff);
    out.write(bytes, 0, n);
  }
}
