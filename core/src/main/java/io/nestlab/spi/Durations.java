package io.nestlab.spi;

import java.time.Duration;

/**
 * Durations in settings and options: the one grammar of {@link io.nestlab.Durations} ({@code
 * 500ms}, {@code 30s}, {@code 1h30m}, ISO-8601). Kept so existing callers compile.
 */
public final class Durations {
  private Durations() {}

  /** Parses {@code text}; throws IllegalArgumentException naming it when it is not a duration. */
  public static Duration parse(String text) {
    return io.nestlab.Durations.parse(text);
  }

  /** {@code d} in the short form users type: {@code 500ms, 30s, 5m, 8h, 2d, 1h30m}. */
  public static String format(Duration d) {
    return io.nestlab.Durations.format(d);
  }
}
