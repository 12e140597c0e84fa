package io.nestlab.samples.cli;

import io.nestlab.spi.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads {@code 90s}, {@code 5m}, {@code 2h} or an ISO-8601 duration ({@code PT5M}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      Duration d = Durations.parse(value);
      if (!d.isNegative()) {
        return d;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new CommandLine.TypeConversionException(
        "'" + value + "' is not a duration; write it like 90s, 5m or 2h");
  }
}
