package io.nestlab.access.internal;

import java.util.Base64;

/** An unencrypted PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}) holding Ed25519. */
public final class Pkcs8Pem {
  public static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private Pkcs8Pem() {}

  /** The 32-byte Ed25519 seed of the key. */
  public static byte[] seed(String text) {
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("the PKCS#8 private key has no '" + END + "' line");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(b + BEGIN.length(), e));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("the PKCS#8 private key is not valid base64", ex);
    }
    return Ed25519Keys.seedOfPkcs8(der);
  }
}
