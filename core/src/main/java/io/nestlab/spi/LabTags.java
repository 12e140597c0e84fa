package io.nestlab.spi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The tags (AWS) or labels (GCE) on every resource of a lab. Values are encoded so that both clouds
 * accept them: lowercase letters, digits, '-' and '_', at most 63 characters. Times are UTC in the
 * compact form {@code 20261124t100000z}.
 */
public record LabTags(
    String labId, String owner, Instant created, Instant leaseUntil, String version) {

  public static final String LAB = "nestlab-lab";
  public static final String OWNER = "nestlab-owner";
  public static final String CREATED = "nestlab-created";
  public static final String LEASE_UNTIL = "nestlab-lease-until";
  public static final String VERSION = "nestlab-version";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(LAB, labId);
    m.put(OWNER, sanitize(owner));
    m.put(CREATED, formatTime(created));
    m.put(LEASE_UNTIL, formatTime(leaseUntil));
    m.put(VERSION, sanitize(version));
    return m;
  }

  /** Encodes an instant as a tag value: {@code 20261124t100000z}. */
  public static String formatTime(Instant t) {
    return TIME.format(t).toLowerCase(Locale.ROOT);
  }

  /** Decodes {@link #formatTime} output. */
  public static Instant parseTime(String value) {
    return Instant.from(TIME.parse(value.toUpperCase(Locale.ROOT)));
  }

  /** Makes any text a valid label value on both clouds. */
  public static String sanitize(String value) {
    String v = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    return v.length() > 63 ? v.substring(0, 63) : v;
  }
}
