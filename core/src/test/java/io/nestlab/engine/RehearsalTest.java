package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLabException;
import io.nestlab.engine.internal.rehearse.Rehearsals;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeClock;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.internal.io.Json;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rehearsal's engine operations against the fake cloud's simulated host program. */
class RehearsalTest {
  static final PlanOption OPTION = FakeCatalog.option("fake.nested.16x128", 50, 400);
  static final ProviderSettings NONE = ProviderSettings.empty();
  static final List<String> HOSTS = List.of("esx-01", "esx-02", "esx-03");

  @TempDir Path dir;
  final FakeClock clock = FakeClock.at(Instant.parse("2026-11-24T10:00:00Z"));
  final List<LabEvent> events = new ArrayList<>();

  LabEngine engine(String failStep) {
    FakeLabProvider fake =
        FakeLabProvider.builder().clock(clock).rehearsal(Duration.ofMinutes(1), failStep).build();
    return LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
        .providers((id, s) -> fake)
        .clock(clock)
        .sleeper(clock::advance)
        .pollInterval(Duration.ofSeconds(30))
        .owner("tester")
        .listener(events::add)
        .build();
  }

  static LabSpec article() {
    return LabSpecs.read(
        Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", "article-lab.yaml"));
  }

  static JsonNode json(RehearsalReport r) throws Exception {
    return Json.mapper().readTree(r.json());
  }

  @Test
  void rehearsesTheArticleLabFrom70U3To80U3AndRollsBack() throws Exception {
    LabEngine engine = engine(null);
    LabRecord lab = engine.create(CreateRequest.of(article(), OPTION, NONE));

    RehearsalReport report = engine.rehearse(lab.labId(), RehearsalOptions.full(), NONE);

    assertEquals("succeeded", report.state());
    JsonNode r = json(report);
    assertEquals("7.0U3", r.at("/before/vcenter/version").asText());
    assertEquals("8.0U3", r.at("/after/vcenter/version").asText());
    for (String h : HOSTS) {
      assertEquals("7.0U3", r.at("/before/hosts/" + h + "/version").asText(), h);
      assertEquals("8.0U3", r.at("/after/hosts/" + h + "/version").asText(), h);
    }
    List<String> ids = new ArrayList<>();
    r.path("steps").forEach(s -> ids.add(s.path("id").asText() + ":" + s.path("state").asText()));
    assertEquals(
        List.of(
            "precheck:done",
            "checkpoint:done",
            "vcenter:done",
            "esx-01:done",
            "esx-02:done",
            "esx-03:done",
            "verify:done",
            "report:done"),
        ids);
    assertTrue(
        events.stream().anyMatch(e -> e.detail().startsWith("vcenter: running, elapsed")),
        "progress names the phase: " + events);
    assertTrue(events.stream().anyMatch(e -> e.detail().contains("(host esx-02)")));
    // Kept in the lab's state: readable without the host.
    LabRecord after = engine.store().load(lab.labId());
    assertEquals(report.json(), Rehearsals.stored(after).orElseThrow().json());
    assertFalse(Rehearsals.pending(after));
    String md = engine.rehearsalReport(lab.labId(), NONE).markdown();
    assertTrue(md.contains("| esx-03 | 7.0U3"), md);

    assertEquals(
        List.of(Checkpoint.DEFAULT_NAME),
        engine.checkpoints(lab.labId(), NONE).stream().map(Checkpoint::name).toList());
    engine.rollback(lab.labId(), null, NONE);
    // A dry run reads the versions the host has now: back at 7.0U3.
    JsonNode dry = json(engine.rehearse(lab.labId(), new RehearsalOptions(true, null), NONE));
    assertEquals("7.0U3", dry.at("/before/vcenter/version").asText());
    assertEquals("7.0U3", dry.at("/before/hosts/esx-02/version").asText());
    assertEquals("skipped", dry.at("/steps/2/state").asText());
  }

  @Test
  void aHostBackOnItsOldBuildFailsTheRunNamingItAndTheLabRollsBack() throws Exception {
    LabEngine engine = engine("esx-02");
    LabRecord lab = engine.create(CreateRequest.of(article(), OPTION, NONE));

    RehearsalReport report = engine.rehearse(lab.labId(), RehearsalOptions.full(), NONE);

    assertEquals("failed", report.state());
    assertTrue(report.failure().orElseThrow().startsWith("esx-02 (esx-02): esx-02 came back"));
    assertTrue(report.markdown().contains("came back on the old build"), report.markdown());
    JsonNode r = json(report);
    assertEquals("pending", r.at("/steps/6/state").asText(), "esx-03 not touched");
    engine.rollback(lab.labId(), "pre-upgrade", NONE);
    JsonNode dry = json(engine.rehearse(lab.labId(), new RehearsalOptions(true, null), NONE));
    assertEquals("7.0U3", dry.at("/before/vcenter/version").asText(), "vCenter rolled back too");
    assertEquals("7.0U3", dry.at("/before/hosts/esx-01/version").asText());
  }

  @Test
  void stopAfterPausesAndContinueFinishes() throws Exception {
    LabEngine engine = engine(null);
    LabRecord lab = engine.create(CreateRequest.of(article(), OPTION, NONE));

    RehearsalReport paused =
        engine.rehearse(lab.labId(), new RehearsalOptions(false, "vcenter"), NONE);

    assertEquals("paused", paused.state());
    assertTrue(Rehearsals.pending(engine.store().load(lab.labId())));
    RehearsalReport done = engine.continueRehearsal(lab.labId(), NONE);
    assertEquals("succeeded", done.state());
    assertEquals("8.0U3", json(done).at("/after/hosts/esx-03/version").asText());
    assertFalse(Rehearsals.pending(engine.store().load(lab.labId())));
  }

  @Test
  void theLabsLockIsFreeWhileTheRehearsalIsFollowed() {
    LabStore store = FileLabStore.at(dir.resolve("labs"));
    FakeLabProvider fake =
        FakeLabProvider.builder().clock(clock).rehearsal(Duration.ofMinutes(1), null).build();
    AtomicReference<String> id = new AtomicReference<>();
    AtomicInteger locked = new AtomicInteger();
    LabEngine engine =
        LabEngine.builder(store)
            .providers((i, s) -> fake)
            .clock(clock)
            .sleeper(
                d -> {
                  clock.advance(d);
                  if (id.get() != null) {
                    // status, watch's guards, lease renewals and down need it meanwhile
                    try (LabStore.LabLock lock = store.lock(id.get())) {
                      locked.incrementAndGet();
                    }
                  }
                })
            .pollInterval(Duration.ofMinutes(5))
            .owner("tester")
            .build();
    LabRecord lab = engine.create(CreateRequest.of(article(), OPTION, NONE));
    id.set(lab.labId());

    assertEquals("succeeded", engine.rehearse(lab.labId(), RehearsalOptions.full(), NONE).state());
    assertTrue(locked.get() > 10, "locked between polls " + locked.get() + " times");
  }

  @Test
  void aLockAnotherProcessHoldsForAMomentIsWaitedFor() {
    LabStore store = FileLabStore.at(dir.resolve("labs"));
    FakeLabProvider fake =
        FakeLabProvider.builder().clock(clock).rehearsal(Duration.ofMinutes(1), null).build();
    AtomicReference<String> id = new AtomicReference<>();
    AtomicReference<LabStore.LabLock> held = new AtomicReference<>();
    AtomicInteger takenBack = new AtomicInteger();
    LabEngine engine =
        LabEngine.builder(store)
            .providers((i, s) -> fake)
            .clock(clock)
            .sleeper(
                d -> {
                  clock.advance(d);
                  if (id.get() == null) {
                    return;
                  }
                  // A 'status' elsewhere: it holds the lock over every other poll.
                  if (held.get() != null) {
                    held.getAndSet(null).close();
                    takenBack.incrementAndGet();
                  } else {
                    held.set(store.lock(id.get()));
                  }
                })
            .pollInterval(Duration.ofMinutes(5))
            .owner("tester")
            .build();
    LabRecord lab = engine.create(CreateRequest.of(article(), OPTION, NONE));
    id.set(lab.labId());

    RehearsalReport r = engine.rehearse(lab.labId(), RehearsalOptions.full(), NONE);

    assertEquals("succeeded", r.state());
    if (held.get() != null) {
      held.get().close();
    }
    assertEquals(r.json(), Rehearsals.stored(store.load(lab.labId())).orElseThrow().json());
    assertTrue(takenBack.get() > 0);
  }

  @Test
  void badInputIsRefusedWithTheFix() {
    LabEngine engine = engine(null);
    LabRecord lab = engine.create(CreateRequest.of(article(), OPTION, NONE));

    NestLabException stop =
        assertThrows(
            NestLabException.class,
            () -> engine.rehearse(lab.labId(), new RehearsalOptions(false, "esx-9"), NONE));
    assertTrue(stop.getMessage().contains("use one of precheck, checkpoint, vcenter, esx-01"));
    NestLabException name =
        assertThrows(NestLabException.class, () -> engine.checkpoint(lab.labId(), "../etc", NONE));
    assertTrue(name.getMessage().contains("e.g. pre-upgrade"), name.getMessage());
    NestLabException noCheckpoint =
        assertThrows(NestLabException.class, () -> engine.rollback(lab.labId(), "nope", NONE));
    assertTrue(
        noCheckpoint.getMessage().contains("there is no checkpoint nope"),
        noCheckpoint.getMessage());
    NestLabException none =
        assertThrows(NestLabException.class, () -> engine.rehearsalReport(lab.labId(), NONE));
    assertTrue(none.getMessage().contains("nestlab rehearse " + lab.labId()));
  }
}
