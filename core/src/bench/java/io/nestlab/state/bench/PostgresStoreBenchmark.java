package io.nestlab.state.bench;

import io.nestlab.cost.MeterState;
import io.nestlab.cost.Transition;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.HostRef;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import io.nestlab.state.PostgresLabStore;
import io.nestlab.testing.PostgresServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PostgreSQL store with 1,000 labs recorded (docs/performance.md#shared-state-in-postgresql):
 * a journal write as the engine makes it (the whole record, fenced by the lease, under a held
 * lock), the ids of every lab, and what {@code nestlab list} reads (every record). Needs Debian's
 * postgresql-15; starts its own server.
 *
 * <p>Run: {@code ./mvnw -B -Pbench -pl core test-compile exec:exec@bench
 * -Dbench.include='io.nestlab.state.bench.*'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PostgresStoreBenchmark {
  static final int LABS = 1000;

  PostgresServer server;
  PostgresLabStore store;
  LabStore.LabLock lock;
  LabRecord driven;
  long offset;

  @Setup(Level.Trial)
  public void fill() throws Exception {
    server = PostgresServer.start();
    store = PostgresLabStore.open(server.newDatabase());
    for (int i = 0; i < LABS; i++) {
      store.save(record(String.format("lab-%04d", i)));
    }
    lock = store.lock("lab-0000");
    driven = store.load("lab-0000");
  }

  @TearDown(Level.Trial)
  public void stop() {
    lock.close();
    store.close();
    server.close();
  }

  static LabRecord record(String id) {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    LabRecord.Builder b =
        LabRecord.builder(id, "fake")
            .name("bench")
            .owner("student-" + (id.hashCode() & 31))
            .created(t)
            .leaseUntil(t.plusSeconds(4 * 3600))
            .spec(
                LabSpec.builder()
                    .name("bench")
                    .esxi(new EsxiSpec("8.0U3", 2, "esx", 4, 16, 32, 100, Map.of()))
                    .build())
            .host(new HostRef("fake", "fake-central-1", "a", "fake-i-1"))
            .transition(new Transition(t, MeterState.RUNNING));
    // A created lab's journal: some twenty steps begun and ended.
    for (String step :
        List.of("keys", "preflight", "network", "host", "running", "bootstrap", "access")) {
      b.journal(t, step, JournalEntry.Phase.BEGIN, Map.of("idempotencyKey", id + step), null);
      b.journal(t, step, JournalEntry.Phase.END, Map.of("id", "x-" + step), null);
    }
    return b.build();
  }

  /** One journal write of a driven lab: the whole record, fenced, renewing the lease. */
  @Benchmark
  public LabRecord journalWrite() {
    LabRecord next = driven.toBuilder().consoleOffset(++offset).build();
    store.save(next);
    return next;
  }

  /** The ids of all 1,000 labs. */
  @Benchmark
  public List<String> labIds() {
    return store.labIds();
  }

  /** What {@code nestlab list} read before {@code records()}: the ids, then each record. */
  @Benchmark
  public List<LabRecord> listEveryRecord() {
    List<LabRecord> all = new ArrayList<>(LABS);
    for (String id : store.labIds()) {
      all.add(store.load(id));
    }
    return all;
  }

  /** What {@code nestlab list} reads now: the ids, then every record in one query. */
  @Benchmark
  public List<LabRecord> listBulk() {
    store.labIds();
    return store.records();
  }
}
