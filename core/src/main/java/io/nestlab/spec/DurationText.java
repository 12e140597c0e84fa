package io.nestlab.spec;

import io.nestlab.Durations;
import java.time.Duration;
import java.util.Optional;

/** Durations in lab files: the one grammar of {@link Durations}. */
final class DurationText {
  private DurationText() {}

  /** Parses the short form (or ISO-8601 such as {@code PT8H}); empty when it is neither. */
  static Optional<Duration> parse(String text) {
    return Durations.tryParse(text);
  }

  /** The shortest form that reads back to the same duration: {@code 8h}, {@code 1d12h}. */
  static String format(Duration d) {
    return Durations.format(d);
  }
}
