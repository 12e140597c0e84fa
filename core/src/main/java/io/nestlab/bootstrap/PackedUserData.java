package io.nestlab.bootstrap;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * User data packed for a provider's size limit.
 *
 * @param bytes the user data to send (plain text or gzip; cloud-init recognises both)
 * @param form how it was packed
 * @param deferredFiles files left out of the user data to make it fit, by absolute path on the
 *     host; empty unless {@code form} is {@link Form#GZIP_DEFERRED}. The caller delivers them to
 *     the host as root (mode 0755), for example over SSH once the host answers; the host verifies
 *     each against a SHA-256 carried in the user data and waits for them (phase {@code
 *     deferred-files}) only when it reaches the vCenter phases, which take half an hour or more to
 *     be reached.
 */
public record PackedUserData(byte[] bytes, Form form, Map<String, String> deferredFiles) {
  /** How the user data was packed. */
  public enum Form {
    /** Readable {@code #cloud-config} text with every file. */
    PLAIN,
    /** The whole {@code #cloud-config} gzip-compressed, with every file. */
    GZIP,
    /** Gzip-compressed, with the vCenter-phase files left for the caller to deliver. */
    GZIP_DEFERRED
  }

  public PackedUserData {
    bytes = bytes.clone();
    java.util.Objects.requireNonNull(form, "form");
    deferredFiles = Collections.unmodifiableMap(new TreeMap<>(deferredFiles));
  }

  /** Text user data as it is (UTF-8), with every file. */
  public static PackedUserData plain(String text) {
    return new PackedUserData(
        text.getBytes(java.nio.charset.StandardCharsets.UTF_8), Form.PLAIN, Map.of());
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackedUserData p
        && java.util.Arrays.equals(bytes, p.bytes)
        && form == p.form
        && deferredFiles.equals(p.deferredFiles);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes) * 31 + deferredFiles.hashCode();
  }

  public int size() {
    return bytes.length;
  }

  @Override
  public String toString() {
    return "PackedUserData["
        + form
        + ", "
        + bytes.length
        + " bytes, "
        + deferredFiles.size()
        + " deferred files]";
  }
}
