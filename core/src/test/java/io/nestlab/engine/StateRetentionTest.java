package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.PartialFailureException;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeClock;
import io.nestlab.fake.FakeFaults;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.plan.PlanOption;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the state directory keeps of a lab through the engine's life cycle: secrets go when the lab
 * is destroyed, a creation that made nothing leaves nothing, cloud credentials never reach the disk
 * (docs/design/0091-secrets-retention.md).
 */
class StateRetentionTest {
  static final PlanOption OPTION = FakeCatalog.option("fake.nested.16x128", 50, 400);

  @TempDir Path dir;
  final FakeClock clock = FakeClock.at(Instant.parse("2026-11-24T10:00:00Z"));

  LabEngine engine(FakeFaults faults) {
    FakeLabProvider fake = FakeLabProvider.builder().clock(clock).faults(faults).build();
    return LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
        .providers((id, s) -> fake)
        .clock(clock)
        .sleeper(clock::advance)
        .owner("tester")
        .build();
  }

  @Test
  void aCreationThatMadeNothingLeavesNoRecordAndNoSecrets() {
    LabEngine engine = engine(FakeFaults.none().withQuotaError(true));
    PartialFailureException e =
        assertThrows(
            PartialFailureException.class,
            () ->
                engine.create(
                    CreateRequest.of(TestLabs.small(), OPTION, ProviderSettings.empty())
                        .withLabId("quota-abc123")));
    assertTrue(e.getMessage().contains("nothing was created"), e.getMessage());
    assertEquals(List.of(), engine.store().labIds());
    assertFalse(Files.exists(dir.resolve("labs/quota-abc123")), "a husk of a lab was left");
  }

  @Test
  void destroyingALabDeletesItsSecretsAndKeepsItsCostHistory() throws Exception {
    LabEngine engine = engine(FakeFaults.none());
    LabRecord lab =
        engine.create(
            CreateRequest.of(
                TestLabs.small(),
                OPTION,
                ProviderSettings.of(Map.of("secretAccessKey", "CLOUD-SECRET-1"))));
    Path secrets = dir.resolve("labs").resolve(lab.labId()).resolve("secrets.json");
    assertTrue(Files.exists(secrets), "the lab's SSH key is kept while it lives");
    assertFalse(
        Files.readString(secrets).contains("CLOUD-SECRET-1"), "a cloud credential was written");
    engine.destroy(lab.labId(), ProviderSettings.empty());
    assertFalse(Files.exists(secrets), "secrets outlived the lab");
    LabRecord gone = engine.store().load(lab.labId());
    assertEquals(LabStatus.DESTROYED, gone.status());
    assertFalse(gone.transitions().isEmpty(), "what it cost is still known");
  }

  @Test
  void aFailedCreationCleanedUpDeletesItsSecrets() {
    LabEngine engine = engine(FakeFaults.none().withFailBootPhase("esxi"));
    assertThrows(
        PartialFailureException.class,
        () ->
            engine.create(
                CreateRequest.of(TestLabs.small(), OPTION, ProviderSettings.empty())
                    .withLabId("boot-abc123")));
    assertEquals(LabStatus.DESTROYED, engine.store().load("boot-abc123").status());
    assertFalse(Files.exists(dir.resolve("labs/boot-abc123/secrets.json")));
  }
}
