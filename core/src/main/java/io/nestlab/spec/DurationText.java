package io.nestlab.spec;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as lab files write them: {@code 8h}, {@code 30m}, {@code 2d}, {@code 1h30m}. */
final class DurationText {
  private static final Pattern FORM =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private DurationText() {}

  /** Parses the short form (or ISO-8601 such as {@code PT8H}); empty when it is neither. */
  static Optional<Duration> parse(String text) {
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
      Duration d = Duration.ZERO;
      d = d.plusDays(number(m.group(1)));
      d = d.plusHours(number(m.group(2)));
      d = d.plusMinutes(number(m.group(3)));
      return Optional.of(d.plusSeconds(number(m.group(4))));
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  /** The shortest form that reads back to the same duration: {@code 8h}, {@code 1d12h}. */
  static String format(Duration d) {
    if (d.isNegative() || d.getNano() != 0) {
      return d.toString();
    }
    if (d.isZero()) {
      return "0s";
    }
    long s = d.getSeconds();
    StringBuilder b = new StringBuilder();
    long days = s / 86_400;
    long hours = s % 86_400 / 3_600;
    long minutes = s % 3_600 / 60;
    long seconds = s % 60;
    if (days > 0) {
      b.append(days).append('d');
    }
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (minutes > 0) {
      b.append(minutes).append('m');
    }
    if (seconds > 0) {
      b.append(seconds).append('s');
    }
    return b.toString();
  }
}
