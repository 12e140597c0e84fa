package io.nestlab.access.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Raw Ed25519 keys (RFC 8032: a 32-byte seed and a 32-byte public point) and their standard
 * encodings. The JDK generates them; the JCA provider that MINA signs with reads them back.
 */
public final class Ed25519Keys {
  /** PKCS#8 (RFC 8410) prefix of an Ed25519 private key: the 32-byte seed follows. */
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

  /** X.509 SubjectPublicKeyInfo prefix of an Ed25519 public key: the 32-byte point follows. */
  private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");

  public static final int KEY_BYTES = 32;

  private Ed25519Keys() {}

  /** A fresh key pair as {seed, public point}. */
  public static byte[][] generate() {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new byte[][] {
        strip(kp.getPrivate().getEncoded(), PKCS8_PREFIX, "private"),
        strip(kp.getPublic().getEncoded(), X509_PREFIX, "public")
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
    }
  }

  /** The key pair as JCA keys of {@code provider} (null: the JDK's default). */
  public static KeyPair toKeyPair(byte[] seed, byte[] publicPoint, Provider provider) {
    try {
      KeyFactory kf =
          provider == null
              ? KeyFactory.getInstance("Ed25519")
              : KeyFactory.getInstance("Ed25519", provider);
      PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
      PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, publicPoint)));
      return new KeyPair(pub, priv);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot rebuild the Ed25519 key pair", e);
    }
  }

  /** The public point that belongs to a seed (RFC 8032 section 5.1.5). */
  public static byte[] publicPointOf(byte[] seed) {
    if (seed.length != KEY_BYTES) {
      throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, not " + seed.length);
    }
    return new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0)
        .generatePublicKey()
        .getEncoded();
  }

  /** The seed of a PKCS#8-encoded Ed25519 private key. */
  public static byte[] seedOfPkcs8(byte[] encoded) {
    try {
      return strip(encoded, PKCS8_PREFIX, "private");
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(
          "the PKCS#8 private key is not an Ed25519 key (or carries extra attributes)", e);
    }
  }

  /** The raw public point of a JCA Ed25519 public key. */
  public static byte[] publicPoint(PublicKey key) {
    return strip(key.getEncoded(), X509_PREFIX, "public");
  }

  private static byte[] strip(byte[] encoded, byte[] prefix, String which) {
    if (encoded.length != prefix.length + KEY_BYTES
        || !Arrays.equals(Arrays.copyOf(encoded, prefix.length), prefix)) {
      throw new IllegalStateException("unexpected encoding of an Ed25519 " + which + " key");
    }
    return Arrays.copyOfRange(encoded, prefix.length, encoded.length);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
