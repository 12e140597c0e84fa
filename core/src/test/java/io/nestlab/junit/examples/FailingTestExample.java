package io.nestlab.junit.examples;

import static org.junit.jupiter.api.Assertions.fail;

import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import org.junit.jupiter.api.Test;

/** A test that fails while it holds a class lab and a test lab. */
@NestedLabTest
public class FailingTestExample {
  @Lab(
      spec = Specs.ONE_HOST,
      providerOptions = {Specs.FAST, Specs.FAST_BOOT})
  static LabHandle shared;

  @Lab(
      spec = Specs.ONE_HOST,
      providerOptions = {Specs.FAST, Specs.FAST_BOOT})
  LabHandle own;

  @Test
  void fails() {
    Seen.add("failing", shared.labId());
    Seen.add("failing", own.labId());
    fail("the code under test is broken");
  }
}
