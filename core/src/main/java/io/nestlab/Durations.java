package io.nestlab;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The one duration grammar, for lab files ({@code ttl: 1h30m}) and command-line options ({@code
 * --every 30s}, {@code --provider-opt wait-timeout=500ms}) alike: whole numbers of days, hours,
 * minutes, seconds and milliseconds in that order, each at most once ({@code 2d}, {@code 8h},
 * {@code 1h30m}, {@code 90s}, {@code 500ms}, {@code 1m30s500ms}), or ISO-8601 ({@code PT8H}).
 * Spaces are ignored; case is not significant.
 */
public final class Durations {
  /** The units, in the order they must come: {@code 1d2h3m4s5ms}. */
  private static final String[] UNITS = {"d", "h", "m", "s", "ms"};

  private Durations() {}

  /** {@code text} as a duration; empty when it is not one in this grammar. */
  public static Optional<Duration> tryParse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    if (t.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    String[] g = amounts(t);
    if (t.isEmpty() || g == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Duration.ofDays(number(g[0]))
              .plusHours(number(g[1]))
              .plusMinutes(number(g[2]))
              .plusSeconds(number(g[3]))
              .plusMillis(number(g[4])));
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty(); // more digits than a duration holds
    }
  }

  /**
   * The digits given for each of {@link #UNITS} (null where a unit is not given), or null when
   * {@code t} is not a sequence of amounts with units in that order, each at most once. Read by
   * hand, not with a regular expression: lab files are read at every start-up (design 0200).
   */
  static String[] amounts(String t) {
    String[] g = new String[UNITS.length];
    int next = 0;
    int i = 0;
    while (i < t.length()) {
      int start = i;
      while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
      }
      if (i == start || i == t.length()) {
        return null;
      }
      String digits = t.substring(start, i);
      int unit;
      if (t.startsWith("ms", i)) {
        unit = 4;
        i += 2;
      } else {
        unit = "dhms".indexOf(t.charAt(i++));
      }
      if (unit < next) {
        return null; // not a unit, or out of order, or given twice
      }
      g[unit] = digits;
      next = unit + 1;
    }
    return g;
  }

  /**
   * {@code text} as a duration.
   *
   * @throws IllegalArgumentException naming the text and the forms that are accepted
   */
  public static Duration parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'"
                        + text.trim()
                        + "' is not a duration; write it like 500ms, 30s, 5m, 8h, 2d or 1h30m"));
  }

  /** The shortest form that reads back to the same duration: {@code 8h}, {@code 1d12h}, 500ms. */
  public static String format(Duration d) {
    if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    if (d.isZero()) {
      return "0s";
    }
    long s = d.getSeconds();
    long ms = d.getNano() / 1_000_000;
    StringBuilder b = new StringBuilder();
    append(b, s / 86_400, "d");
    append(b, s % 86_400 / 3_600, "h");
    append(b, s % 3_600 / 60, "m");
    append(b, s % 60, "s");
    append(b, ms, "ms");
    return b.toString();
  }

  private static void append(StringBuilder b, long n, String unit) {
    if (n > 0) {
      b.append(n).append(unit);
    }
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
