package io.nestlab;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar, for lab files ({@code ttl: 1h30m}) and command-line options ({@code
 * --every 30s}, {@code --provider-opt wait-timeout=500ms}) alike: whole numbers of days, hours,
 * minutes, seconds and milliseconds in that order, each at most once ({@code 2d}, {@code 8h},
 * {@code 1h30m}, {@code 90s}, {@code 500ms}, {@code 1m30s500ms}), or ISO-8601 ({@code PT8H}).
 * Spaces are ignored; case is not significant.
 */
public final class Durations {
  private static final Pattern FORM =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

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
    Matcher m = FORM.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Duration.ofDays(number(m.group(1)))
              .plusHours(number(m.group(2)))
              .plusMinutes(number(m.group(3)))
              .plusSeconds(number(m.group(4)))
              .plusMillis(number(m.group(5))));
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty(); // more digits than a duration holds
    }
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
