package io.nestlab.gcp.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Resource names NestLab gives on Compute Engine. Names are RFC 1035 ({@code
 * [a-z]([-a-z0-9]{0,61}[a-z0-9])?}) and derived from the lab id, so a repeated call finds what an
 * earlier one made.
 */
public final class Names {
  /**
   * The label (or description label) naming the region of a resource that is not regional itself:
   * networks, firewall rules and machine images.
   */
  public static final String REGION_LABEL = "nestlab-region";

  private Names() {}

  /** {@code nestlab-<lab>}, the lab part cleaned and cut so that suffixes still fit in 63. */
  public static String lab(String labId) {
    String clean = labId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    clean = clean.replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
    if (clean.isEmpty()) {
      clean = "x";
    }
    if (clean.length() > 40) {
      clean = clean.substring(0, 31) + "-" + hash(labId, 8);
    }
    return "nestlab-" + clean;
  }

  /** The L1 instance: {@code nestlab-<lab>-<8 hex of the idempotency key>}. */
  public static String instance(String labId, String idempotencyKey) {
    return lab(labId) + "-" + hash(idempotencyKey, 8);
  }

  public static String firewall(String labId) {
    return lab(labId) + "-ingress";
  }

  /** The network tag the firewall rule targets. */
  public static String targetTag(String labId) {
    return lab(labId);
  }

  /** Any text as a valid resource name (for machine images named by users). */
  public static String resource(String text) {
    String clean = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    clean = clean.replaceAll("-{2,}", "-").replaceAll("^[^a-z]+|-$", "");
    if (clean.isEmpty()) {
      clean = "nestlab-" + hash(text, 8);
    }
    return clean.length() > 63 ? clean.substring(0, 54) + "-" + hash(text, 8) : clean;
  }

  static String hash(String text, int hexChars) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** The last segment of a resource URL ({@code .../zones/us-central1-a} gives the zone). */
  public static String last(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }
}
