package io.nestlab.spi;

import java.time.Duration;
import java.util.Locale;

/** Parses the short duration forms users type: {@code 500ms, 30s, 5m, 8h, 2d} or ISO-8601. */
public final class Durations {
  private Durations() {}

  /** Parses {@code text}; throws IllegalArgumentException (or a subtype) when it is not one. */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    switch (t.charAt(t.length() - 1)) {
      case 's':
        return Duration.ofSeconds(n);
      case 'm':
        return Duration.ofMinutes(n);
      case 'h':
        return Duration.ofHours(n);
      case 'd':
        return Duration.ofDays(n);
      default:
        throw new IllegalArgumentException("unknown unit in " + text);
    }
  }
}
