package io.nestlab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Durations are read by hand (docs/design/0200); the regular expression they were read with before
 * is kept here as the definition, and both must read every text alike.
 */
class DurationsFormTest {
  private static final Pattern FORM =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

  private static String[] byPattern(String t) {
    Matcher m = FORM.matcher(t);
    if (!m.matches()) {
      return null;
    }
    return new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)};
  }

  @Test
  void readsExactlyWhatThePatternReads() {
    List<String> texts =
        List.of(
            "",
            "8h",
            "1h30m",
            "1d2h3m4s5ms",
            "500ms",
            "5m",
            "5ms",
            "5m5s",
            "5m5ms",
            "30m1h",
            "1h1h",
            "h",
            "1",
            "1x",
            "1hh",
            "01h",
            "1d12h",
            "99999999999999999999d",
            "1s500ms",
            "1ms1s",
            "m",
            "1m s",
            "-1h",
            "1.5h",
            "1H",
            "٣h",
            "1d1d",
            "2s3m");
    for (String t : texts) {
      assertArrayEquals(byPattern(t), Durations.amounts(t), "'" + t + "'");
    }
  }
}
