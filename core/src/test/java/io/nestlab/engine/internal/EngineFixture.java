package io.nestlab.engine.internal;

import io.nestlab.engine.LabEvent;
import io.nestlab.engine.LabKeySource;
import io.nestlab.engine.TestLabs;
import io.nestlab.engine.UserDataRenderer;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeClock;
import io.nestlab.fake.FakeFaults;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.plan.PlanOption;
import io.nestlab.spi.LabProvider;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An engine context over a file store, a fake clock (sleeping advances it) and recorded events. */
public final class EngineFixture {
  public static final PlanOption OPTION = FakeCatalog.option("fake.nested.16x128", 50, 400);

  public final FakeClock clock = FakeClock.at(Instant.parse("2026-11-24T10:00:00Z"));
  public final List<LabEvent> events = new ArrayList<>();
  public final LabStore store;
  private UserDataRenderer renderer = UserDataRenderer.minimal();

  public EngineFixture(Path dir) {
    this.store = FileLabStore.at(dir.resolve("labs"));
  }

  /** A fake cloud on this fixture's clock. */
  public FakeLabProvider fake(FakeFaults faults) {
    return FakeLabProvider.builder().clock(clock).faults(faults).build();
  }

  public EngineFixture renderer(UserDataRenderer r) {
    renderer = r;
    return this;
  }

  public EngineContext context(LabProvider provider) {
    Listeners listeners = new Listeners(List.of(events::add));
    return new EngineContext(
        store,
        (id, settings) -> provider,
        renderer,
        LabKeySource.ed25519(),
        clock,
        clock::advance,
        listeners,
        "tester",
        null,
        new EngineContext.Timings(
            Duration.ofMillis(100),
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(10),
            3));
  }

  /** A creating lab's first record, saved. */
  public LabRecord newLab(String labId) {
    LabRecord rec =
        LabRecord.builder(labId, OPTION.provider())
            .name("engine-test")
            .owner("tester")
            .region(OPTION.region())
            .created(clock.instant())
            .leaseUntil(clock.instant().plus(Duration.ofHours(8)))
            .status(LabStatus.CREATING)
            .plan(OPTION)
            .spec(TestLabs.small())
            .build();
    store.save(rec);
    return rec;
  }

  /** A run of the lab as stored. */
  public LabRun run(EngineContext ctx, String labId) {
    try (LabStore.LabLock lock = store.lock(labId)) {
      return LabRun.of(ctx, lock, store.load(labId));
    }
  }
}
