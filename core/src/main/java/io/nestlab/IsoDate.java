package io.nestlab;

import java.time.LocalDate;

/**
 * ISO dates ({@code 2026-07-20}) as {@link LocalDate#parse(CharSequence)} reads them, read by hand
 * when they have exactly that shape: {@code LocalDate.parse} initializes the whole {@code
 * DateTimeFormatter} machinery, ~5 ms of a cold JVM, and the CLI's tables hold dozens of dates
 * (docs/design/0200). Anything else, and every error, goes to {@code LocalDate.parse}.
 */
public final class IsoDate {
  private IsoDate() {}

  /**
   * The date {@code text} names.
   *
   * @throws java.time.DateTimeException when it is not an ISO date, or not a real date
   */
  public static LocalDate parse(String text) {
    if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 7);
      int day = digits(text, 8, 10);
      if (year >= 0 && month >= 0 && day >= 0) {
        return LocalDate.of(year, month, day);
      }
    }
    return LocalDate.parse(text);
  }

  /** The number from {@code from} to {@code to}, or -1 unless all are ASCII digits. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
