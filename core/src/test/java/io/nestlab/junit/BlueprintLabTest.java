package io.nestlab.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.nestlab.catalog.Catalog;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.SaveOptions;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.junit.examples.BlueprintLabExamples;
import io.nestlab.junit.examples.Seen;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code @Lab(blueprint = "base")} starts the lab from a blueprint saved on the fake cloud, as
 * {@code nestlab up --from base} does: the host's console shows the restore, not an install.
 */
class BlueprintLabTest {
  @TempDir Path tmp;
  private ExtensionRun kit;
  private Path state;
  private Path cloud;

  @BeforeEach
  void saveABlueprint() throws IOException {
    Seen.clear();
    state = tmp.resolve("labs");
    cloud = tmp.resolve("cloud");
    kit = new ExtensionRun(state, tmp.resolve("home"), tmp.resolve("reports"));
    kit.config.put(Session.PROVIDER_OPT_PREFIX + "fake.dir", cloud.toString());
    BlueprintLabExamples.cloud = cloud;

    LabSpec spec;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("io/nestlab/junit/one-host.yaml")) {
      spec = LabSpecs.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "one-host");
    }
    PlanOption option =
        Planner.plan(
                spec,
                Catalog.from(List.of(FakeCatalog.source())),
                PlanOptions.defaults().withProviders(List.of("fake")))
            .best()
            .orElseThrow();
    ProviderSettings settings =
        ProviderSettings.of(
            Map.of("dir", cloud.toString(), "transition-ms", "0", "boot-phase-ms", "0"));
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(state)).pollInterval(Duration.ofMillis(10)).build();
    String source = engine.create(CreateRequest.of(spec, option, settings)).labId();
    engine.save(source, "base", SaveOptions.keepRunning(), ProviderSettings.empty());
    engine.destroy(source, ProviderSettings.empty());
  }

  @Test
  void aLabFromABlueprintIsRestoredWithNoInstallAndDestroyedAfterTheClass() {
    EngineExecutionResults results =
        kit.run(
            BlueprintLabExamples.FromBlueprint.class, BlueprintLabExamples.SpecAndBlueprint.class);

    results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0).aborted(0));
    List<String> consoles = Seen.get("blueprint-console");
    assertEquals(2, consoles.size());
    for (String console : consoles) {
      assertTrue(console.contains("phase=restore"), console);
      assertFalse(console.contains("phase=esxi"), "no ESXi install: " + console);
      assertFalse(console.contains("phase=vcenter"), "no vCenter install: " + console);
    }
    for (String id : Seen.get("blueprint-lab")) {
      assertEquals(LabStatus.DESTROYED, FileLabStore.at(state).load(id).status(), id);
    }
  }

  @Test
  void anUnknownBlueprintOrNeitherSpecNorBlueprintFailsTheClassSayingWhatToGive() {
    EngineExecutionResults results =
        kit.run(BlueprintLabExamples.NoSuchBlueprint.class, BlueprintLabExamples.Neither.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("NoSuchBlueprint.lab: no blueprint nothing-here is recorded")
                                && m.contains("give spec = its lab file")))))
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(m -> m.contains("Neither.lab: give spec (a lab file) or blueprint")))));
    assertEquals(List.of(), Seen.get("ran"));
  }
}
