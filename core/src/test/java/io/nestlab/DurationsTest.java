package io.nestlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.spi.ProviderSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One grammar for lab files and options: what one accepts, the other does too. */
class DurationsTest {
  @Test
  void compoundFormsAndMillisecondsBothParse() {
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofMillis(90_500), Durations.parse("1m30s500ms"));
    assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
    assertEquals(Duration.ofHours(36), Durations.parse("1d 12h"));
    assertEquals(Duration.ofHours(8), Durations.parse("PT8H"));
    for (String bad :
        List.of("", "5", "-5s", "1.5h", "5x", "30m1h", "ms", "99999999999999999999d")) {
      assertEquals(Optional.empty(), Durations.tryParse(bad), bad);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
    assertEquals(
        "'soon' is not a duration; write it like 500ms, 30s, 5m, 8h, 2d or 1h30m", e.getMessage());
  }

  @Test
  void formatReadsBack() {
    for (Duration d :
        List.of(
            Duration.ofHours(36),
            Duration.ofMillis(500),
            Duration.ofMillis(90_500),
            Duration.ofSeconds(45),
            Duration.ofMinutes(90))) {
      assertEquals(d, Durations.parse(Durations.format(d)), Durations.format(d));
    }
    assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
    assertEquals("500ms", Durations.format(Duration.ofMillis(500)));
  }

  @Test
  void aProviderSettingTakesTheLabFileForms() {
    ProviderSettings s = ProviderSettings.of(Map.of("wait-timeout", "1h30m"));
    ProviderSettings.Reader r = s.reader("test", List.of("wait-timeout"));
    assertEquals(
        Duration.ofMinutes(90),
        r.duration(
            "wait-timeout", Duration.ofMinutes(1), Duration.ofMillis(1), Duration.ofHours(6)));
    r.done();
    assertTrue(io.nestlab.spi.Durations.parse("500ms").toMillis() == 500);
  }
}
