package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.engine.LabEngine;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.PostgresLabStore;
import io.nestlab.testing.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep --daemon} on PostgreSQL: a leader whose lease ran out and was taken over by another
 * runner stops sweeping at its next round. Lease time is a clock the test moves, never a wait.
 */
class SweepDaemonPostgresIT {
  static PostgresServer server;

  @TempDir Path tmp;
  final List<PostgresLabStore> stores = new ArrayList<>();
  final MovableClock clock = new MovableClock();

  @BeforeAll
  static void start() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeStores() {
    stores.forEach(PostgresLabStore::close);
  }

  SweepDaemon daemon(String url, String holder, StringWriter text) {
    PostgresLabStore store =
        PostgresLabStore.builder(url)
            .clock(clock)
            .leaseDuration(Duration.ofSeconds(60))
            .heartbeatInterval(Duration.ZERO)
            .holder(holder)
            .build();
    stores.add(store);
    return new SweepDaemon(
        new PrintWriter(text, true),
        LabEngine.builder(store).build(),
        "fake",
        ProviderSettings.of(Map.of("dir", tmp.resolve("cloud").toString())));
  }

  @Test
  void aLeaderWhoseLeaseWasTakenOverStepsDownInsteadOfSweeping() {
    String url = server.newDatabase();
    StringWriter aText = new StringWriter();
    StringWriter bText = new StringWriter();
    SweepDaemon a = daemon(url, "runner a", aText);
    SweepDaemon b = daemon(url, "runner b", bText);
    assertTrue(a.round(), aText.toString());
    assertFalse(b.round(), bText.toString());

    // Runner a is paused (no heartbeat) past its lease; runner b takes the role over.
    clock.advance(Duration.ofMinutes(2));
    assertTrue(b.round(), bText.toString());
    assertTrue(bText.toString().contains("this process leads"), bText.toString());

    int sweepsBefore = count(aText.toString(), "fake: nothing has an expired lease");
    assertFalse(a.round(), aText.toString());
    String text = aText.toString();
    assertTrue(text.contains("sweeper: lost the lead of"), text);
    assertTrue(text.contains("standing by: the sweeper of"), text);
    assertTrue(text.contains("runner b"), text);
    assertTrue(
        count(text, "fake: nothing has an expired lease") == sweepsBefore,
        "the old leader swept after losing its lease: " + text);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
