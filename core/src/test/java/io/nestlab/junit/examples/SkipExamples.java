package io.nestlab.junit.examples;

import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import org.junit.jupiter.api.Test;

/** Labs that cannot be had for reasons that are not the code under test. */
public final class SkipExamples {
  private SkipExamples() {}

  /** AWS without credentials. */
  @NestedLabTest
  public static class NoCredentials {
    @Lab(spec = Specs.ONE_HOST, provider = "aws")
    static LabHandle lab;

    @Test
    void runs() {
      Seen.add("ran", "no-credentials");
    }
  }

  /** A cap below the fake cloud's cheapest option. */
  @NestedLabTest
  public static class TooExpensive {
    @Lab(spec = Specs.ONE_HOST, maxHourlyUsd = 0.01)
    static LabHandle lab;

    @Test
    void runs() {
      Seen.add("ran", "too-expensive");
    }
  }

  /** A spec whose budget pays for minutes of the cheapest option. */
  @NestedLabTest
  public static class BudgetTooSmall {
    @Lab(
        spec = "io/nestlab/junit/small-budget.yaml",
        providerOptions = {Specs.FAST, Specs.FAST_BOOT})
    static LabHandle lab;

    @Test
    void runs() {
      Seen.add("ran", "budget");
    }
  }

  /** The fake cloud refusing every launch for lack of quota, in its preflight. */
  @NestedLabTest
  public static class PreflightRefuses {
    @Lab(
        spec = Specs.ONE_HOST,
        providerOptions = {Specs.FAST, Specs.FAST_BOOT, "quota-error=true"})
    LabHandle lab;

    @Test
    void runs() {
      Seen.add("ran", "preflight");
    }
  }

  /** A lab kept across runs. */
  @NestedLabTest
  public static class Reused {
    @Lab(
        spec = Specs.ONE_HOST,
        providerOptions = {Specs.FAST, Specs.FAST_BOOT},
        reuse = true)
    static LabHandle lab;

    @Test
    void runs() {
      Seen.add("reused", lab.labId());
    }
  }
}
