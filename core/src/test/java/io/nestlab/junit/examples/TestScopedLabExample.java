package io.nestlab.junit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import io.nestlab.state.LabStatus;
import org.junit.jupiter.api.Test;

/** One lab per test. */
@NestedLabTest
public class TestScopedLabExample {
  @Lab(
      spec = Specs.ONE_HOST,
      providerOptions = {Specs.FAST, Specs.FAST_BOOT})
  LabHandle lab;

  @Test
  void first() {
    assertEquals(LabStatus.READY, lab.record().status());
    Seen.add("test", lab.labId());
  }

  @Test
  void second() {
    assertEquals(LabStatus.READY, lab.record().status());
    Seen.add("test", lab.labId());
  }
}
