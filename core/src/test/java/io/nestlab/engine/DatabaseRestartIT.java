package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.fake.FakeLabProviderFactory;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import io.nestlab.state.PostgresLabStore;
import io.nestlab.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state database restarted in the middle of a fleet of 20 creations on the fake cloud: every
 * lab ends ready or cleanly resumable, and after resume and destroy nothing is left in the cloud.
 * The restart happens at a fixed point (when the tenth lab begins its host step), not after a
 * delay; which other labs fail meanwhile varies (and whether a failed one was rolled back by its
 * own clean-up, or left for resume), and the assertions hold for every outcome.
 */
class DatabaseRestartIT {
  @TempDir Path tmp;

  @Test
  void aRestartDuringAFleetUpLosesNoLabAndLeaksNothing() throws Exception {
    try (PostgresServer server = PostgresServer.start()) {
      String url = server.newDatabase();
      ProviderSettings cloud =
          ProviderSettings.of(
              Map.of(
                  "dir", tmp.resolve("cloud").toString(),
                  "transition-ms", "20",
                  "boot-phase-ms", "5"));
      AtomicInteger hostsBegun = new AtomicInteger();
      List<String> ids = new ArrayList<>();
      List<Future<LabRecord>> runs = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try (PostgresLabStore store = PostgresLabStore.open(url)) {
        LabEngine engine =
            engine(store)
                .listener(
                    e -> {
                      if (e.step().equals("host")
                          && e.kind() == LabEvent.Kind.START
                          && hostsBegun.incrementAndGet() == 10) {
                        try {
                          server.restart();
                        } catch (Exception ex) {
                          throw new IllegalStateException(ex);
                        }
                      }
                    })
                .build();
        for (int i = 1; i <= 20; i++) {
          String id = "fleet-" + i;
          ids.add(id);
          CreateRequest request =
              CreateRequest.of(
                      TestLabs.small(), FakeCatalog.option("fake.nested.8x64", 30, 100), cloud)
                  .withLabId(id);
          runs.add(pool.submit(() -> engine.create(request)));
        }
        int failed = 0;
        for (Future<LabRecord> run : runs) {
          try {
            run.get(300, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            failed++;
          }
        }
        assertTrue(hostsBegun.get() >= 10, "the restart happened");
        System.out.println("labs whose creation failed while the database restarted: " + failed);
      } finally {
        pool.shutdownNow();
      }

      // Later (every lease of a failed run has run out), from another client: resume each.
      try (PostgresLabStore later =
              PostgresLabStore.builder(url)
                  .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)))
                  .build();
          FakeLabProvider fake =
              FakeLabProvider.builder().directory(tmp.resolve("cloud")).build()) {
        LabEngine engine = engine(later).build();
        for (String id : ids) {
          Optional<LabRecord> rec = later.find(id);
          if (rec.isEmpty()) {
            // Never recorded: then it never reached the cloud either.
            assertEquals(List.of(), fake.listOwned(TagFilter.lab(id)), id);
            continue;
          }
          if (rec.get().status() == LabStatus.DESTROYED) {
            // Its creation failed and its own clean-up removed it (the database was back by
            // then): the user was told, and nothing of it may remain in the cloud.
            assertEquals(List.of(), fake.listOwned(TagFilter.lab(id)), id);
            continue;
          }
          LabRecord r = engine.resume(id, ProviderSettings.empty(), WaitLevel.READY);
          assertEquals(LabStatus.READY, r.status(), id + ": " + r.lastError());
        }
        for (String id : later.labIds()) {
          assertEquals(LabStatus.DESTROYED, engine.destroy(id, ProviderSettings.empty()).status());
        }
        assertEquals(List.of(), fake.listOwned(TagFilter.anyLab()), "nothing leaked");
      }
    }
  }

  private static LabEngine.Builder engine(PostgresLabStore store) {
    return LabEngine.builder(store)
        .providers((id, s) -> new FakeLabProviderFactory().create(s))
        .pollInterval(Duration.ofMillis(20))
        .owner("fleet-test");
  }
}
