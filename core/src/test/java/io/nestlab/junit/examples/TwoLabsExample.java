package io.nestlab.junit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import io.nestlab.state.LabStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Two class labs, started at the same time, and two tests that change the lab (in a real test: add
 * a host, move a VM) and so declare a resource lock, which keeps them apart under parallel runs.
 */
@NestedLabTest
public class TwoLabsExample {
  /** The lock of tests that change {@link #source}. */
  public static final String SOURCE_LOCK = "nestlab:TwoLabsExample.source";

  @Lab(
      spec = Specs.ONE_HOST,
      providerOptions = {Specs.FAST, Specs.FAST_BOOT})
  static LabHandle source;

  @Lab(
      spec = Specs.ONE_HOST,
      providerOptions = {Specs.FAST, Specs.FAST_BOOT})
  static LabHandle target;

  @Test
  void readsBoth() {
    assertNotEquals(source.labId(), target.labId());
    assertEquals(LabStatus.READY, source.record().status());
    assertEquals(LabStatus.READY, target.record().status());
    Seen.add("two", source.labId());
    Seen.add("two", target.labId());
  }

  @Test
  @ResourceLock(SOURCE_LOCK)
  void changesTheSourceLab() {
    Seen.add("changes", source.labId());
  }

  @Test
  @ResourceLock(SOURCE_LOCK)
  void changesTheSourceLabAgain() {
    Seen.add("changes", source.labId());
  }
}
