package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.IllegalFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The offline commands' printf prints what the JDK's formatter prints (docs/design/0200). */
class PrintfTest {
  @Test
  void printsWhatStringFormatPrints() {
    List<Object[]> cases =
        List.of(
            new Object[] {"%-9s|%9s|%s%n", "aws", "gcp", null},
            new Object[] {"%5s %-3s %d %d%%", "toolongvalue", "x", 42, -7L},
            new Object[] {"  %-70s %9s%n", "m5.metal in us-east-1", "$4.6080"},
            new Object[] {"%d types, %s", 259, new BigDecimal("0.4657")},
            new Object[] {"no conversions at all"},
            new Object[] {"%.2f and %s", 1.5, "x"},
            new Object[] {"%,d", 1234567},
            new Object[] {"%x %s", 255, "y"},
            new Object[] {"%s %s", "extra", "args", "ignored"});
    for (Object[] c : cases) {
      String format = (String) c[0];
      Object[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
      assertEquals(String.format(format, args), Printf.format(format, args), format);
    }
  }

  @Test
  void malformedFormatsFailAsTheJdksDo() {
    for (String bad : List.of("%-s", "%s %s", "%q", "%")) {
      assertThrows(IllegalFormatException.class, () -> Printf.format(bad, "one"), bad);
    }
  }
}
