package io.nestlab.junit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import io.nestlab.state.LabStatus;
import org.junit.jupiter.api.Test;

/** One lab for the class, seen by both tests. */
@NestedLabTest
public class ClassScopedLabExample {
  @Lab(
      spec = Specs.ONE_HOST,
      providerOptions = {Specs.FAST, Specs.FAST_BOOT})
  static LabHandle lab;

  @Test
  void first() {
    assertEquals(LabStatus.READY, lab.record().status());
    Seen.add("class", lab.labId());
    Seen.add("lease", lab.record().created() + " " + lab.record().leaseUntil());
  }

  @Test
  void second() {
    assertEquals(LabStatus.READY, lab.record().status());
    Seen.add("class", lab.labId());
  }
}
