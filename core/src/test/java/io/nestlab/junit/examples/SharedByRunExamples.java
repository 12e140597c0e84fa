package io.nestlab.junit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import io.nestlab.state.LabStatus;
import org.junit.jupiter.api.Test;

/** Two classes asking for the same lab, shared by the whole run. */
public final class SharedByRunExamples {
  private SharedByRunExamples() {}

  /** The first class to run starts the lab. */
  @NestedLabTest
  public static class First {
    @Lab(
        spec = Specs.ONE_HOST,
        providerOptions = {Specs.FAST, Specs.FAST_BOOT},
        sharedByRun = true)
    static LabHandle lab;

    @Test
    void usesIt() {
      assertEquals(LabStatus.READY, lab.record().status());
      Seen.add("shared", lab.labId());
    }
  }

  /** The second finds it still running after the first class ended. */
  @NestedLabTest
  public static class Second {
    @Lab(
        spec = Specs.ONE_HOST,
        providerOptions = {Specs.FAST_BOOT, Specs.FAST},
        sharedByRun = true)
    static LabHandle lab;

    @Test
    void usesItToo() {
      assertEquals(LabStatus.READY, lab.record().status());
      Seen.add("shared", lab.labId());
    }
  }
}
