package io.nestlab.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PortForwardTest {
  @Test
  void parsesTheSshDashLForms() {
    assertEquals(
        new PortForward("127.0.0.1", 8443, "vcsa.lab.internal", 443),
        PortForward.parse("8443:vcsa.lab.internal:443"));
    assertEquals(
        new PortForward("0.0.0.0", 8443, "10.10.0.10", 443),
        PortForward.parse("0.0.0.0:8443:10.10.0.10:443"));
    assertEquals(
        new PortForward("127.0.0.1", 9000, "fd00::10", 443),
        PortForward.parse("9000:[fd00::10]:443"));
    assertEquals(
        "127.0.0.1:9000 -> [fd00::10]:443", PortForward.parse("9000:[fd00::10]:443").describe());
  }

  @Test
  void badFormsSayWhatIsWrongAndWhatIsExpected() {
    assertMessage(
        "8443:vcenter", "is not LOCAL:HOST:PORT (for example 8443:vcsa.lab.internal:443)");
    assertMessage("https:vcenter:443", "local port 'https' is not a number");
    assertMessage("8443:vcenter:70000", "remote port 70000 is not in 1-65535");
    assertMessage("8443::443", "the remote host of a port forward is empty");
  }

  private static void assertMessage(String text, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PortForward.parse(text));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }
}
