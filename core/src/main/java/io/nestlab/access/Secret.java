package io.nestlab.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A password, private key or credentials file held in memory. Its {@link #toString()} never shows
 * the value, so a secret that reaches a log line, an exception message or a debugger's summary
 * stays hidden; read it only with {@link #reveal()} or {@link #revealBytes()}, where it is needed.
 */
public final class Secret {
  private final byte[] value;

  private Secret(byte[] value) {
    this.value = value;
  }

  /** A secret holding the UTF-8 bytes of {@code value}. */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
  }

  /** A secret holding a copy of {@code value}. */
  public static Secret ofBytes(byte[] value) {
    return new Secret(Objects.requireNonNull(value, "value").clone());
  }

  /** The value as UTF-8 text. */
  public String reveal() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** A copy of the value's bytes. */
  public byte[] revealBytes() {
    return value.clone();
  }

  /** The value's length in bytes; safe to show. */
  public int length() {
    return value.length;
  }

  public boolean isEmpty() {
    return value.length == 0;
  }

  /** Compares values in time independent of where they differ. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && MessageDigest.isEqual(value, other.value);
  }

  /** The length only: a hash of the value would tell something about it. */
  @Override
  public int hashCode() {
    return value.length;
  }

  /** Always {@code Secret[redacted]}: the value is never printed. */
  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
