package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Versions are read by hand (docs/design/0200); the regular expression they were read with before
 * is kept here as the definition, and both must agree on every form.
 */
class VsphereVersionFormTest {
  private static final Pattern FORM = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})(?:[uU](\\d{1,2}))?");

  private static Optional<VsphereVersion> byPattern(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    int update = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return Optional.of(
        new VsphereVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), update));
  }

  @Test
  void readsExactlyWhatThePatternReads() {
    List<String> texts =
        List.of(
            "7.0",
            "7.0U3",
            "7.0u3",
            "8.0U3",
            "9.0",
            "10.12U45",
            " 8.0U3 ",
            "07.00U03",
            "7",
            "7.",
            ".0",
            "7.0U",
            "7.0U3x",
            "7.0 U3",
            "123.0",
            "7.123",
            "7.0U123",
            "7.0V3",
            "a.b",
            "",
            "7..0",
            "7.0U3U3",
            "٧.٠",
            "7.0\tU3",
            "\t9.0\n");
    for (String t : texts) {
      assertEquals(byPattern(t), VsphereVersion.parse(t), "'" + t + "'");
    }
    assertEquals(Optional.empty(), VsphereVersion.parse(null));
  }
}
