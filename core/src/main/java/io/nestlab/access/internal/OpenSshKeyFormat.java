package io.nestlab.access.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The unencrypted OpenSSH private key file format ({@code openssh-key-v1}, as {@code ssh-keygen}
 * writes it) and the public key line, for Ed25519 keys. A key NestLab writes works with the {@code
 * ssh -i} of OpenSSH, and a key {@code ssh-keygen -t ed25519 -N ''} writes can be read.
 */
public final class OpenSshKeyFormat {
  public static final String KEY_TYPE = "ssh-ed25519";
  private static final String BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
  private static final String END = "-----END OPENSSH PRIVATE KEY-----";
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private OpenSshKeyFormat() {}

  /** A decoded key: seed, public point and comment. */
  public record Decoded(byte[] seed, byte[] publicPoint, String comment) {}

  /** The SSH wire blob of an Ed25519 public key: string "ssh-ed25519", string point. */
  public static byte[] publicBlob(byte[] publicPoint) {
    return new SshWire.Writer().string(KEY_TYPE).string(publicPoint).toByteArray();
  }

  /** {@code ssh-ed25519 AAAA... comment}. */
  public static String publicLine(byte[] publicPoint, String comment) {
    String line = KEY_TYPE + " " + Base64.getEncoder().encodeToString(publicBlob(publicPoint));
    return comment.isEmpty() ? line : line + " " + comment;
  }

  /** The PEM-armoured private key file text. */
  public static String encodePrivate(byte[] seed, byte[] publicPoint, String comment) {
    int check = RANDOM.nextInt();
    SshWire.Writer priv =
        new SshWire.Writer()
            .uint32(check)
            .uint32(check)
            .string(KEY_TYPE)
            .string(publicPoint)
            .string(Ed25519Keys.concat(seed, publicPoint))
            .string(comment);
    for (int pad = 1; priv.size() % 8 != 0; pad++) {
      priv.raw(new byte[] {(byte) pad});
    }
    byte[] body =
        new SshWire.Writer()
            .raw(MAGIC)
            .string("none")
            .string("none")
            .string(new byte[0])
            .uint32(1)
            .string(publicBlob(publicPoint))
            .string(priv.toByteArray())
            .toByteArray();
    String b64 = Base64.getEncoder().encodeToString(body);
    StringBuilder sb = new StringBuilder(BEGIN).append('\n');
    for (int i = 0; i < b64.length(); i += 70) {
      sb.append(b64, i, Math.min(b64.length(), i + 70)).append('\n');
    }
    return sb.append(END).append('\n').toString();
  }

  /**
   * Decodes a private key file.
   *
   * @throws IllegalArgumentException naming what is wrong: not an OpenSSH key, encrypted, not
   *     Ed25519, or damaged
   */
  public static Decoded decodePrivate(String text) {
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException(
          "not an OpenSSH private key (no '"
              + BEGIN
              + "' line); NestLab keys are Ed25519 keys"
              + " in OpenSSH format");
    }
    byte[] body;
    try {
      body = Base64.getMimeDecoder().decode(text.substring(b + BEGIN.length(), e));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("the OpenSSH private key is not valid base64", ex);
    }
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      throw new IllegalArgumentException("the OpenSSH private key lacks the openssh-key-v1 header");
    }
    SshWire.Reader r =
        new SshWire.Reader(Arrays.copyOfRange(body, MAGIC.length, body.length), "the private key");
    String cipher = r.utf8();
    String kdf = r.utf8();
    r.string();
    if (!"none".equals(cipher) || !"none".equals(kdf)) {
      throw new IllegalArgumentException(
          "the private key is encrypted with a passphrase ("
              + cipher
              + "/"
              + kdf
              + "); NestLab needs an unencrypted key file protected by its 0600 mode");
    }
    int n = r.uint32();
    if (n != 1) {
      throw new IllegalArgumentException("the private key file holds " + n + " keys, expected 1");
    }
    r.string();
    SshWire.Reader p = new SshWire.Reader(r.string(), "the private key section");
    if (p.uint32() != p.uint32()) {
      throw new IllegalArgumentException("the private key's check numbers differ: it is damaged");
    }
    String type = p.utf8();
    if (!KEY_TYPE.equals(type)) {
      throw new IllegalArgumentException(
          "the private key is of type " + type + "; NestLab uses " + KEY_TYPE + " keys");
    }
    byte[] point = p.string();
    byte[] both = p.string();
    String comment = p.utf8();
    if (point.length != Ed25519Keys.KEY_BYTES
        || both.length != 2 * Ed25519Keys.KEY_BYTES
        || !Arrays.equals(Arrays.copyOfRange(both, Ed25519Keys.KEY_BYTES, both.length), point)) {
      throw new IllegalArgumentException("the Ed25519 private key has the wrong length: damaged");
    }
    return new Decoded(Arrays.copyOf(both, Ed25519Keys.KEY_BYTES), point, comment);
  }
}
