package io.nestlab.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void toStringNeverShowsTheValue() {
    Secret s = Secret.of("VMware1!-hunter2");
    assertEquals("Secret[redacted]", s.toString());
    assertEquals("wrapped: Secret[redacted]", "wrapped: " + s);
    assertFalse(String.valueOf(java.util.List.of(s)).contains("hunter2"));
  }

  @Test
  void revealGivesTheValueBackAndCopiesAreIndependent() {
    byte[] raw = "pässword".getBytes(StandardCharsets.UTF_8);
    Secret s = Secret.ofBytes(raw);
    raw[0] = 'X';
    assertEquals("pässword", s.reveal());
    s.revealBytes()[0] = 'Y';
    assertEquals("pässword", s.reveal());
    assertEquals(9, s.length());
  }

  @Test
  void equalityIsByValue() {
    assertEquals(Secret.of("a"), Secret.of("a"));
    assertNotEquals(Secret.of("a"), Secret.of("b"));
    assertEquals(Secret.of("abc").hashCode(), Secret.of("xyz").hashCode());
  }
}
