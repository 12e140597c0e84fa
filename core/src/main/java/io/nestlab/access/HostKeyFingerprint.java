package io.nestlab.access;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One SSH host key fingerprint as the host printed it, for example {@code 256
 * SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s root@ip-10-0-0-5 (ED25519)}.
 *
 * @param bits the key size in bits
 * @param sha256 {@code SHA256:} and the unpadded base64 of the SHA-256 of the key's wire blob
 * @param comment the key's comment (often {@code root@HOSTNAME}; {@code no comment} when none)
 * @param type the key type in capitals: {@code ED25519}, {@code ECDSA}, {@code RSA}, {@code DSA}
 */
public record HostKeyFingerprint(int bits, String sha256, String comment, String type) {
  private static final Pattern SHA256 = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

  public HostKeyFingerprint {
    Objects.requireNonNull(sha256, "sha256");
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "'" + sha256 + "' is not a SHA256 fingerprint (SHA256: and 43 base64 characters)");
    }
    comment = comment == null ? "" : comment;
    type = Objects.requireNonNull(type, "type").toUpperCase(Locale.ROOT);
  }

  /** The fingerprint of a public key given as its SSH wire blob, as {@code ssh-keygen -l} shows. */
  public static String sha256Of(byte[] keyBlob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** {@code ED25519 SHA256:...}: how messages name this key. */
  public String describe() {
    return type + " " + sha256;
  }
}
