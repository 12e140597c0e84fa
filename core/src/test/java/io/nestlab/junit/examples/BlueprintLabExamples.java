package io.nestlab.junit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nestlab.fake.FakeLabProvider;
import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import io.nestlab.state.LabStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Labs started from the saved blueprint {@code base} ({@code @Lab(blueprint = ...)}). */
public final class BlueprintLabExamples {
  /** The directory of the fake cloud the blueprint was saved in; set by the test that runs them. */
  public static volatile Path cloud;

  private BlueprintLabExamples() {}

  /** The host's console, read as the engine's fake cloud wrote it. */
  static String console(LabHandle lab) {
    try (FakeLabProvider c =
        FakeLabProvider.builder()
            .directory(cloud)
            .transition(Duration.ZERO)
            .bootPhase(Duration.ZERO)
            .build()) {
      return c.readConsole(lab.record().host(), 0).text();
    }
  }

  /** The blueprint's own lab: no spec. */
  @NestedLabTest
  public static class FromBlueprint {
    @Lab(
        blueprint = "base",
        providerOptions = {Specs.FAST, Specs.FAST_BOOT})
    static LabHandle lab;

    @Test
    void theLabIsRestoredNotInstalled() {
      assertEquals(LabStatus.READY, lab.record().status());
      Seen.add("blueprint-lab", lab.labId());
      Seen.add("blueprint-console", console(lab));
    }
  }

  /** A spec file that is the blueprint's lab, for each test. */
  @NestedLabTest
  public static class SpecAndBlueprint {
    @Lab(
        spec = Specs.ONE_HOST,
        blueprint = "base",
        providerOptions = {Specs.FAST, Specs.FAST_BOOT})
    LabHandle lab;

    @Test
    void theLabIsRestoredNotInstalled() {
      Seen.add("blueprint-lab", lab.labId());
      Seen.add("blueprint-console", console(lab));
    }
  }

  /** A blueprint nobody saved. */
  @NestedLabTest
  public static class NoSuchBlueprint {
    @Lab(
        blueprint = "nothing-here",
        providerOptions = {Specs.FAST, Specs.FAST_BOOT})
    static LabHandle lab;

    @Test
    void neverRuns() {
      Seen.add("ran", "NoSuchBlueprint");
    }
  }

  /** Neither spec nor blueprint. */
  @NestedLabTest
  public static class Neither {
    @Lab static LabHandle lab;

    @Test
    void neverRuns() {
      Seen.add("ran", "Neither");
    }
  }
}
