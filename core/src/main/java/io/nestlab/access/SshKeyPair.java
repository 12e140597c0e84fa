package io.nestlab.access;

import io.nestlab.NestLabException;
import io.nestlab.access.internal.Ed25519Keys;
import io.nestlab.access.internal.OpenSshKeyFormat;
import io.nestlab.access.internal.Pkcs8Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Objects;

/**
 * A lab's own SSH key pair (Ed25519), generated locally when the lab is created. The public key
 * line goes to the provider, which installs it on the L1 host; the private key stays in the lab's
 * 0600 secret file, in the OpenSSH format that {@code ssh -i FILE} also reads.
 */
public final class SshKeyPair {
  private final byte[] seed;
  private final byte[] publicPoint;
  private final String comment;

  private SshKeyPair(byte[] seed, byte[] publicPoint, String comment) {
    this.seed = seed;
    this.publicPoint = publicPoint;
    this.comment = comment;
  }

  /**
   * Generates a fresh key pair.
   *
   * @param comment the comment of the public key line, for example {@code nestlab-lab-42}; one word
   *     of printable characters, or empty
   */
  public static SshKeyPair generate(String comment) {
    Objects.requireNonNull(comment, "comment");
    if (!comment.matches("[!-~]*")) {
      throw new IllegalArgumentException(
          "key comment '" + comment + "' must be one word of printable ASCII characters");
    }
    byte[][] keys = Ed25519Keys.generate();
    return new SshKeyPair(keys[0], keys[1], comment);
  }

  /**
   * Reads an unencrypted Ed25519 private key file: OpenSSH format (as {@link #writePrivateKey}
   * writes it) or PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}).
   */
  public static SshKeyPair read(Path privateKeyFile) {
    if (!Files.isRegularFile(privateKeyFile)) {
      throw new NestLabException(
          "the lab's private key file " + privateKeyFile.toAbsolutePath() + " is missing");
    }
    try {
      return parse(SecretFiles.read(privateKeyFile), "");
    } catch (IllegalArgumentException e) {
      throw new NestLabException(privateKeyFile.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rebuilds a key pair from private key text kept elsewhere (for example in the lab's secrets
   * file): OpenSSH format, or PKCS#8 PEM, whose public key line then carries {@code comment}.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static SshKeyPair parse(Secret privateKeyText, String comment) {
    String text = privateKeyText.reveal();
    if (text.contains(Pkcs8Pem.BEGIN)) {
      byte[] seed = Pkcs8Pem.seed(text);
      return new SshKeyPair(seed, Ed25519Keys.publicPointOf(seed), comment);
    }
    OpenSshKeyFormat.Decoded d = OpenSshKeyFormat.decodePrivate(text);
    return new SshKeyPair(d.seed(), d.publicPoint(), d.comment());
  }

  /** The OpenSSH public key line: {@code ssh-ed25519 AAAA... comment}. */
  public String publicKeyLine() {
    return OpenSshKeyFormat.publicLine(publicPoint, comment);
  }

  /** The SHA256 fingerprint of the public key, as {@code ssh-keygen -l} prints it. */
  public String fingerprint() {
    return HostKeyFingerprint.sha256Of(OpenSshKeyFormat.publicBlob(publicPoint));
  }

  public String comment() {
    return comment;
  }

  /** The private key file's text (OpenSSH format). */
  public Secret privateKey() {
    return Secret.of(OpenSshKeyFormat.encodePrivate(seed, publicPoint, comment));
  }

  /** Writes the private key to {@code file} with mode 0600 (see {@link SecretFiles}). */
  public void writePrivateKey(Path file) {
    SecretFiles.write(file, privateKey());
  }

  /** The key pair as JCA keys. With {@code provider} null, the JDK's own Ed25519 implementation. */
  public KeyPair toJavaKeyPair(java.security.Provider provider) {
    return Ed25519Keys.toKeyPair(seed, publicPoint, provider);
  }

  /** Shows the public half only. */
  @Override
  public String toString() {
    return "SshKeyPair[ssh-ed25519 " + fingerprint() + " " + comment + "]";
  }
}
