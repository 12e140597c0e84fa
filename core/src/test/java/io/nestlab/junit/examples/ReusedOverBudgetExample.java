package io.nestlab.junit.examples;

import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import org.junit.jupiter.api.Test;

/** A lab kept across runs whose budget its guard sees crossed within ten minutes. */
@NestedLabTest
public class ReusedOverBudgetExample {
  @Lab(
      spec = "io/nestlab/junit/tiny-budget.yaml",
      providerOptions = {Specs.FAST, Specs.FAST_BOOT},
      reuse = true)
  static LabHandle lab;

  @Test
  void runs() {
    Seen.add("over-budget", lab.labId());
  }
}
