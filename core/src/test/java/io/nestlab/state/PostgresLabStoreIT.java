package io.nestlab.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.testing.PostgresServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract, the schema's migrations and the lease against a real PostgreSQL 15 started
 * for this class (no Docker). Lease expiry is driven by a clock the test moves, never by waiting.
 */
class PostgresLabStoreIT extends LabStoreContract {
  static PostgresServer server;

  String url;
  final List<AutoCloseable> opened = new ArrayList<>();
  final List<Process> children = new ArrayList<>();
  private PostgresLabStore store;
  private PostgresLabStore other;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void freshDatabase() {
    url = server.newDatabase();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  @Override
  LabStore store() {
    if (store == null) {
      store = open(PostgresLabStore.builder(url));
    }
    return store;
  }

  @Override
  LabStore otherClient() {
    if (other == null) {
      other = open(PostgresLabStore.builder(url));
    }
    return other;
  }

  /** The waiting client's transaction waits for the budgets' advisory lock (pg_locks says so). */
  @Override
  void awaitWaitingForAdmission(Thread t) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = DriverManager.getConnection(jdbc(), server.user(), "");
        java.sql.PreparedStatement p =
            c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
      while (true) {
        try (var rs = p.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        assertTrue(
            System.nanoTime() < deadline && t.isAlive(),
            "the second client never waited for the first one's admission");
      }
    }
  }

  PostgresLabStore open(PostgresLabStore.Builder b) {
    PostgresLabStore s = b.build();
    opened.add(s);
    return s;
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  PostgresLabStore leased(MovableClock clock, String holder) {
    return open(
        PostgresLabStore.builder(url)
            .clock(clock)
            .leaseDuration(Duration.ofSeconds(60))
            .heartbeatInterval(Duration.ZERO)
            .holder(holder));
  }

  @Test
  void theStoreCreatesItsSchemaOnceAndRecordsTheVersion() throws Exception {
    PostgresLabStore first = (PostgresLabStore) store();
    assertEquals(2, first.schemaVersion());
    open(PostgresLabStore.builder(url)); // a second opening applies nothing again
    try (Connection c = DriverManager.getConnection(jdbc(), server.user(), "");
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM nestlab_schema_version")) {
      rs.next();
      assertEquals(2, rs.getInt(1));
    }
  }

  @Test
  void aDatabaseMigratedByANewerNestLabIsRefused() throws Exception {
    store();
    try (Connection c = DriverManager.getConnection(jdbc(), server.user(), "");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO nestlab_schema_version (version, description) VALUES (99, 'future')");
    }
    LabStateException e = assertThrows(LabStateException.class, () -> PostgresLabStore.open(url));
    assertTrue(
        e.getMessage().contains("version 99") && e.getMessage().contains("upgrade NestLab"),
        e.getMessage());
  }

  @Test
  void anUnreachableDatabaseSaysWhereAndWhatToCheckWithoutThePassword() {
    String bad = "postgresql://nestlab:S3CRET@127.0.0.1:1/nowhere";
    LabStateException e = assertThrows(LabStateException.class, () -> PostgresLabStore.open(bad));
    assertTrue(e.getMessage().contains("127.0.0.1:1/nowhere"), e.getMessage());
    assertTrue(e.getMessage().contains("running and reachable"), e.getMessage());
    assertFalse(e.getMessage().contains("S3CRET"), e.getMessage());
  }

  @Test
  void aServerRestartCostsNoWriteAndKeepsTheLease() throws Exception {
    PostgresLabStore a = (PostgresLabStore) store();
    LabStore.LabLock lock = a.lock("demo-abc123");
    a.save(record("demo-abc123"));
    server.restart(); // every pooled connection is now dead
    LabRecord next = record("demo-abc123").toBuilder().status(LabStatus.READY).build();
    a.save(next);
    assertEquals(next, otherClient().load("demo-abc123"));
    assertThrows(LabLockedException.class, () -> otherClient().lock("demo-abc123"));
    lock.close();
    otherClient().lock("demo-abc123").close();
  }

  @Test
  void anExpiredLeaseIsTakenOverAndTheOldHolderCanNoLongerWrite() {
    MovableClock clock = new MovableClock();
    PostgresLabStore a = leased(clock, "runner A");
    PostgresLabStore b = leased(clock, "runner B");
    LabStore.LabLock lockA = a.lock("demo-abc123");
    a.save(record("demo-abc123"));

    LabLockedException early = assertThrows(LabLockedException.class, () -> b.lock("demo-abc123"));
    assertTrue(early.getMessage().contains("runner A"), early.getMessage());
    clock.advance(Duration.ofSeconds(59));
    assertThrows(LabLockedException.class, () -> b.lock("demo-abc123"));

    clock.advance(Duration.ofSeconds(2)); // A's lease (60 s, never renewed) has run out
    LabStore.LabLock lockB = b.lock("demo-abc123");
    LabRecord byB = record("demo-abc123").toBuilder().status(LabStatus.READY).build();
    b.save(byB);

    LabRecord late = record("demo-abc123").toBuilder().status(LabStatus.FAILED).build();
    LeaseLostException e = assertThrows(LeaseLostException.class, () -> a.save(late));
    assertTrue(e.getMessage().contains("runner B"), e.getMessage());
    assertThrows(
        LeaseLostException.class,
        () -> a.saveSecrets("demo-abc123", LabSecrets.empty().with("k", "late")));
    assertThrows(LeaseLostException.class, () -> a.remove("demo-abc123"));
    assertEquals(LabStatus.READY, b.load("demo-abc123").status());
    assertEquals(LabSecrets.empty(), b.secrets("demo-abc123"));

    lockA.close(); // releasing a lost lease leaves B's alone
    assertThrows(LabLockedException.class, () -> a.lock("demo-abc123"));
    b.save(byB); // B still holds it
    lockB.close();
  }

  @Test
  void aHeartbeatOrAWriteKeepsTheLeaseAlive() {
    MovableClock clock = new MovableClock();
    PostgresLabStore a = leased(clock, "runner A");
    PostgresLabStore b = leased(clock, "runner B");
    a.lock("demo-abc123");
    clock.advance(Duration.ofSeconds(50));
    assertTrue(a.heartbeat("demo-abc123"));
    clock.advance(Duration.ofSeconds(50));
    assertThrows(LabLockedException.class, () -> b.lock("demo-abc123"));
    a.save(record("demo-abc123")); // a write renews too
    clock.advance(Duration.ofSeconds(50));
    assertThrows(LabLockedException.class, () -> b.lock("demo-abc123"));
    clock.advance(Duration.ofSeconds(11));
    b.lock("demo-abc123");
    assertFalse(a.heartbeat("demo-abc123"), "a lost lease is not renewed");
  }

  @Test
  void aRecordWriteFromOutsideTheLeaseIsRefusedWhileSomeoneDrivesTheLab() {
    MovableClock clock = new MovableClock();
    PostgresLabStore a = leased(clock, "runner A");
    PostgresLabStore b = leased(clock, "runner B");
    a.save(record("demo-abc123"));
    try (LabStore.LabLock lock = a.lock("demo-abc123")) {
      LabLockedException e =
          assertThrows(LabLockedException.class, () -> b.save(record("demo-abc123")));
      assertTrue(e.getMessage().contains("runner A"), e.getMessage());
      assertThrows(LabLockedException.class, () -> b.remove("demo-abc123"));
      // Secrets (cached credentials) may still be written by a command that does not drive it.
      b.saveSecrets("demo-abc123", LabSecrets.empty().with("k", "v"));
      assertEquals(lock.labId(), a.load("demo-abc123").labId());
    }
    b.save(record("demo-abc123"));
  }

  @Test
  void twoJvmsRaceForOneLabAndExactlyOneDrivesIt() throws Exception {
    Child x = child(600);
    Child y = child(600);
    x.send("lock");
    y.send("lock");
    String ax = x.answer();
    String ay = y.answer();
    List<String> answers = new ArrayList<>(List.of(ax, ay));
    answers.sort(null);
    assertEquals("LOCKED", answers.get(0), answers.toString());
    assertTrue(answers.get(1).startsWith("REFUSED LabLockedException"), answers.toString());
    Child winner = ax.equals("LOCKED") ? x : y;
    Child loser = winner == x ? y : x;
    assertTrue(answers.get(1).contains("pid " + winner.pid), answers.toString());
    winner.send("write drive");
    assertEquals("WROTE", winner.answer());
    loser.send("write drive");
    assertTrue(loser.answer().startsWith("REFUSED LabLockedException"));
    List<JournalEntry> journal = store().load("demo-abc123").journal();
    assertEquals(1, journal.size());
    assertEquals(String.valueOf(winner.pid), journal.get(0).data().get("pid"));
    winner.send("release");
    assertEquals("RELEASED", winner.answer());
    loser.send("lock");
    assertEquals("LOCKED", loser.answer());
  }

  @Test
  void aKilledRunnersLeaseOutlivesItThenIsTakenOverAfterExpiry() throws Exception {
    Child dead = child(600);
    dead.send("lock");
    assertEquals("LOCKED", dead.answer());
    dead.send("write create");
    assertEquals("WROTE", dead.answer());
    dead.process.destroyForcibly();
    assertTrue(dead.process.waitFor(60, TimeUnit.SECONDS));

    // Now, with the database's clock: the dead runner's lease still holds the lab.
    PostgresLabStore now = open(PostgresLabStore.builder(url).heartbeatInterval(Duration.ZERO));
    LabLockedException e = assertThrows(LabLockedException.class, () -> now.lock("demo-abc123"));
    assertTrue(e.getMessage().contains("pid " + dead.pid), e.getMessage());

    // An hour later (the lease is 10 minutes): taken over, and the journal goes on.
    PostgresLabStore later =
        open(
            PostgresLabStore.builder(url)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)))
                .heartbeatInterval(Duration.ZERO));
    try (LabStore.LabLock lock = later.lock("demo-abc123")) {
      LabRecord rec = later.load(lock.labId());
      assertTrue(rec.lastOf("create").isPresent());
      later.save(
          rec.toBuilder()
              .journal(Instant.now(), "create", JournalEntry.Phase.END, null, null)
              .build());
    }
    assertTrue(store().load("demo-abc123").ended("create"));
  }

  @Test
  void aRunnerThatLostItsLeaseCannotWriteLate() throws Exception {
    Child slow = child(600);
    slow.send("lock");
    assertEquals("LOCKED", slow.answer());
    slow.send("write create");
    assertEquals("WROTE", slow.answer());

    PostgresLabStore later =
        open(
            PostgresLabStore.builder(url)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)))
                .heartbeatInterval(Duration.ZERO)
                .holder("the runner that took over"));
    LabStore.LabLock lock = later.lock("demo-abc123");
    slow.send("write late");
    String answer = slow.answer();
    assertTrue(answer.startsWith("REFUSED LeaseLostException"), answer);
    assertTrue(answer.contains("the runner that took over"), answer);
    assertFalse(later.load("demo-abc123").lastOf("late").isPresent());
    lock.close();
  }

  private String jdbc() {
    return server.jdbc(url.substring(url.lastIndexOf('/') + 1));
  }

  private Child child(int leaseSeconds) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LeaseChild.class.getName());
    cmd.add(url);
    cmd.add("demo-abc123");
    cmd.add(String.valueOf(leaseSeconds));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    children.add(p);
    Child c = new Child(p);
    String ready = c.answer();
    assertTrue(ready.startsWith("READY pid "), ready);
    return c;
  }

  /** A {@link LeaseChild}: commands in, one answer line each out, every wait bounded. */
  static final class Child {
    final Process process;
    final long pid;
    final Writer in;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Child(Process process) {
      this.process = process;
      this.pid = process.pid();
      this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l = out.readLine(); l != null; l = out.readLine()) {
                    lines.add(l);
                  }
                } catch (IOException e) {
                  // the child is gone
                }
                lines.add("EOF");
              });
      reader.setDaemon(true);
      reader.start();
    }

    void send(String command) throws IOException {
      in.write(command + "\n");
      in.flush();
    }

    String answer() throws InterruptedException {
      String line = lines.poll(120, TimeUnit.SECONDS);
      assertNotNull(line, "the child runner did not answer within 120 s");
      return line;
    }
  }
}
