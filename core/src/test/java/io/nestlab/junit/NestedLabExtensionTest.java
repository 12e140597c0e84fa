package io.nestlab.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.nestlab.cost.Transition;
import io.nestlab.junit.examples.ClassScopedLabExample;
import io.nestlab.junit.examples.FailingTestExample;
import io.nestlab.junit.examples.NestedClassesExample;
import io.nestlab.junit.examples.ReusedOverBudgetExample;
import io.nestlab.junit.examples.Seen;
import io.nestlab.junit.examples.SharedByRunExamples;
import io.nestlab.junit.examples.SkipExamples;
import io.nestlab.junit.examples.TestScopedLabExample;
import io.nestlab.junit.examples.TwoLabsExample;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Runs the example test classes through the JUnit Platform and checks what became of their labs.
 */
class NestedLabExtensionTest {
  @TempDir Path state;
  @TempDir Path home;
  @TempDir Path reports;
  private ExtensionRun kit;
  private Map<String, String> config;

  @BeforeEach
  void isolate() {
    Seen.clear();
    kit = new ExtensionRun(state, home, reports);
    config = kit.config;
  }

  private EngineExecutionResults run(Class<?>... examples) {
    return kit.run(examples);
  }

  private LabStatus status(String labId) {
    LabStore store = FileLabStore.at(state);
    return store.load(labId).status();
  }

  @Test
  void aStaticFieldGetsOneLabForTheClassDestroyedAfterIt() {
    EngineExecutionResults results = run(ClassScopedLabExample.class);

    results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0).aborted(0));
    List<String> seen = Seen.get("class");
    assertEquals(2, seen.size());
    assertEquals(seen.get(0), seen.get(1), "both tests share the class's lab");
    assertEquals(LabStatus.DESTROYED, status(seen.get(0)));
  }

  @Test
  void theLabHasAShortLeaseWhileTheTestsRun() {
    run(ClassScopedLabExample.class);

    String[] lease = Seen.get("lease").get(0).split(" ");
    Duration leased = Duration.between(Instant.parse(lease[0]), Instant.parse(lease[1]));
    assertTrue(
        leased.compareTo(Duration.ofMinutes(6)) <= 0,
        "leased for the heartbeat window (PT5M), not the 4h TTL: " + leased);
  }

  @Test
  void theClassReportsTheCostItsLabsAccrued() {
    EngineExecutionResults results = run(ClassScopedLabExample.class);

    List<ReportEntry> entries =
        results.allEvents().reportingEntryPublished().stream()
            .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
            .toList();
    assertEquals(1, entries.size(), entries.toString());
    String cost = entries.get(0).getKeyValuePairs().get(NestedLabExtension.COST_ENTRY);
    assertTrue(cost.startsWith("USD "), cost);
    assertTrue(cost.contains(Seen.get("class").get(0)), cost);
  }

  @Test
  void anInstanceFieldGetsOneLabPerTestEachDestroyedAfterIt() {
    EngineExecutionResults results = run(TestScopedLabExample.class);

    results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    List<String> seen = Seen.get("test");
    assertEquals(2, seen.size());
    assertNotEquals(seen.get(0), seen.get(1), "each test gets its own lab");
    seen.forEach(id -> assertEquals(LabStatus.DESTROYED, status(id)));
    String cost =
        results.allEvents().reportingEntryPublished().stream()
            .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
            .findFirst()
            .orElseThrow()
            .getKeyValuePairs()
            .get(NestedLabExtension.COST_ENTRY);
    assertTrue(cost.contains("2 per-test labs"), cost);
  }

  @Test
  void aFailingTestStillHasItsLabsDestroyed() {
    EngineExecutionResults results = run(FailingTestExample.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(finishedWithFailure(message("the code under test is broken"))));
    List<String> seen = Seen.get("failing");
    assertEquals(2, seen.size());
    seen.forEach(id -> assertEquals(LabStatus.DESTROYED, status(id)));
  }

  @Test
  void noCredentialsSkipsTheClassSayingHowToEnableIt() {
    EngineExecutionResults results = run(SkipExamples.NoCredentials.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(SkipExamples.NoCredentials.class.getSimpleName()),
                abortedWithReason(
                    message(
                        m ->
                            m.contains("NoCredentials.lab skipped: no AWS credentials")
                                && m.contains("AWS_ACCESS_KEY_ID")))));
    assertEquals(List.of(), Seen.get("ran"));
  }

  @Test
  void credentialsInTheEnvironmentAreFound() {
    config.put(Environment.ENV_PREFIX + "AWS_PROFILE", "lab");
    Environment env = new Environment(k -> java.util.Optional.ofNullable(config.get(k)));

    assertEquals(java.util.Optional.empty(), env.missingCredentials("aws", Map.of()));
    assertTrue(env.missingCredentials("gcp", Map.of()).isPresent());
  }

  @Test
  void whereEachCloudLooksForCredentialsComesFromItsTraits() throws IOException {
    config.put(Environment.HOME, home.toString());
    for (String name :
        List.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "GOOGLE_APPLICATION_CREDENTIALS")) {
      config.put(Environment.ENV_PREFIX + name, "");
    }
    Environment env = new Environment(k -> java.util.Optional.ofNullable(config.get(k)));
    String gcp = env.missingCredentials("gcp", Map.of()).orElseThrow();
    assertTrue(
        gcp.startsWith("no Google Cloud credentials: set GOOGLE_APPLICATION_CREDENTIALS or run"),
        gcp);
    assertEquals(
        java.util.Optional.empty(),
        env.missingCredentials("gcp", Map.of("credentials-file", "/k.json")),
        "a credentials setting of the provider");
    Path adc = home.resolve(".config/gcloud/application_default_credentials.json");
    Files.createDirectories(adc.getParent());
    Files.writeString(adc, "{}");
    assertEquals(java.util.Optional.empty(), env.missingCredentials("gcp", Map.of()));
    assertEquals(java.util.Optional.empty(), env.missingCredentials("fake", Map.of()));
  }

  @Test
  void anEstimateAboveMaxHourlySkipsTheClass() {
    EngineExecutionResults results = run(SkipExamples.TooExpensive.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                abortedWithReason(
                    message(
                        m ->
                            m.contains("TooExpensive.lab skipped: the estimate USD ")
                                && m.contains("is above maxHourlyUsd = 0.01")
                                && m.contains("raise maxHourlyUsd")))));
    assertEquals(List.of(), Seen.get("ran"));
    assertEquals(List.of(), FileLabStore.at(state).labIds(), "nothing was created");
  }

  @Test
  void anEstimateAboveTheSpecsBudgetSkipsTheClassSayingWhatToRaise() {
    EngineExecutionResults results = run(SkipExamples.BudgetTooSmall.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                abortedWithReason(
                    message(
                        m ->
                            m.startsWith(
                                    "@Lab BudgetTooSmall.lab skipped: the estimate is above the"
                                        + " spec's budget: $0.01 lasts less than")
                                && m.contains("raise the budget")
                                && m.contains("io/nestlab/junit/small-budget.yaml")))));
    assertEquals(List.of(), Seen.get("ran"));
    assertEquals(List.of(), FileLabStore.at(state).labIds(), "nothing was created");
  }

  @Test
  void aPreflightRefusalSkipsTheTestAndLeavesNothing() {
    EngineExecutionResults results = run(SkipExamples.PreflightRefuses.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                abortedWithReason(
                    message(
                        m ->
                            m.contains("PreflightRefuses.lab skipped: the fake preflight refused")
                                && m.contains("quota")))));
    assertEquals(List.of(), Seen.get("ran"));
    for (String id : FileLabStore.at(state).labIds()) {
      LabRecord rec = FileLabStore.at(state).load(id);
      assertTrue(rec.hostIfPresent().isEmpty(), "no host was launched: " + rec);
    }
  }

  @Test
  void reuseIsRefusedUnderCi() {
    config.put(Environment.ENV_PREFIX + "CI", "true");

    EngineExecutionResults results = run(SkipExamples.Reused.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(m -> m.contains("reuse = true is refused because CI is set")))));
    assertEquals(List.of(), Seen.get("reused"));
    assertEquals(List.of(), FileLabStore.at(state).labIds(), "nothing was created");
  }

  @Test
  void reuseOutsideCiKeepsTheLabForTheNextRun() {
    run(SkipExamples.Reused.class).testEvents().assertStatistics(s -> s.succeeded(1));
    run(SkipExamples.Reused.class).testEvents().assertStatistics(s -> s.succeeded(1));

    List<String> seen = Seen.get("reused");
    assertEquals(2, seen.size());
    assertEquals(seen.get(0), seen.get(1), "the second run took the first run's lab");
    assertEquals(LabStatus.READY, status(seen.get(0)));
  }

  @Test
  void aFailingTestGetsTheLogsOfEveryLabItUsed() throws IOException {
    EngineExecutionResults results = run(FailingTestExample.class);

    List<FileEntry> files =
        results.allEvents().fileEntryPublished().stream()
            .map(e -> e.getPayload(FileEntry.class).orElseThrow())
            .toList();
    List<String> seen = Seen.get("failing");
    assertEquals(2, files.size(), files.toString());
    for (String labId : seen) {
      FileEntry file =
          files.stream()
              .filter(
                  f ->
                      f.getPath().getFileName().toString().equals("nestlab-logs-" + labId + ".txt"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no logs of " + labId + " in " + files));
      String logs = Files.readString(file.getPath());
      assertTrue(logs.startsWith("NestLab logs of lab " + labId), logs);
      assertTrue(logs.contains("NESTLAB phase=ready status=done"), "the host's console: " + logs);
      assertTrue(
          logs.contains("command not found") && logs.contains("ended with status 127"),
          "the fake cloud's hosts run no log query, and the logs say so: " + logs);
    }
  }

  @Test
  void passingTestsAttachNoLogs() {
    EngineExecutionResults results = run(ClassScopedLabExample.class);

    assertEquals(0, results.allEvents().fileEntryPublished().count());
  }

  @Test
  void skippedTestsAttachNoLogs() {
    EngineExecutionResults results = run(SkipExamples.PreflightRefuses.class);

    assertEquals(0, results.allEvents().fileEntryPublished().count());
  }

  @Test
  void classesAndTheirLabsRunUnderJunitsParallelExecution() {
    config.put("junit.jupiter.execution.parallel.enabled", "true");
    config.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
    config.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
    config.put("junit.jupiter.execution.parallel.config.strategy", "fixed");
    config.put("junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

    EngineExecutionResults results =
        run(
            ClassScopedLabExample.class,
            TestScopedLabExample.class,
            TwoLabsExample.class,
            FailingTestExample.class);

    results.testEvents().assertStatistics(s -> s.succeeded(7).failed(1).aborted(0));
    results.containerEvents().assertStatistics(s -> s.failed(0));
    List<String> labs = new java.util.ArrayList<>();
    for (String key : List.of("class", "test", "two", "changes", "failing")) {
      labs.addAll(Seen.get(key));
    }
    assertEquals(2 + 2 + 2 + 2 + 2, labs.size(), labs.toString());
    assertEquals(
        1 + 2 + 2 + 2, new java.util.HashSet<>(labs).size(), "class labs shared, test labs not");
    labs.forEach(id -> assertEquals(LabStatus.DESTROYED, status(id), id));
    assertEquals(
        4,
        results.allEvents().reportingEntryPublished().stream()
            .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
            .filter(m -> m.containsKey(NestedLabExtension.COST_ENTRY))
            .count(),
        "one cost entry per class");
  }

  @Test
  void twoStaticFieldsGetTwoLabsBothDestroyed() {
    EngineExecutionResults results = run(TwoLabsExample.class);

    results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    List<String> two = Seen.get("two");
    assertNotEquals(two.get(0), two.get(1));
    two.forEach(id -> assertEquals(LabStatus.DESTROYED, status(id)));
  }

  @Test
  void aKeptLabIsNotTakenAgainWhenItsBudgetGuardActs() {
    run(ReusedOverBudgetExample.class).testEvents().assertStatistics(s -> s.succeeded(1));
    String kept = Seen.get("over-budget").get(0);
    ranFor(kept, Duration.ofMinutes(20)); // USD 0.15 of its 0.19, and 0.07 more in ten minutes

    run(ReusedOverBudgetExample.class).testEvents().assertStatistics(s -> s.succeeded(1));

    List<String> seen = Seen.get("over-budget");
    assertEquals(2, seen.size());
    assertNotEquals(kept, seen.get(1), "the second run made a new lab");
    assertEquals(LabStatus.DESTROYED, status(kept), "its policy (onBudget: destroy) was applied");
  }

  @Test
  void aKeptLabWellWithinItsBudgetIsTakenAgain() {
    run(ReusedOverBudgetExample.class).testEvents().assertStatistics(s -> s.succeeded(1));
    ranFor(Seen.get("over-budget").get(0), Duration.ofMinutes(2));

    run(ReusedOverBudgetExample.class).testEvents().assertStatistics(s -> s.succeeded(1));

    List<String> seen = Seen.get("over-budget");
    assertEquals(seen.get(0), seen.get(1));
  }

  @Test
  void aLabSharedByTheRunIsStartedOnceForEveryClassAndDestroyedWhenTheRunEnds() {
    EngineExecutionResults results =
        run(SharedByRunExamples.First.class, SharedByRunExamples.Second.class);

    results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    List<String> seen = Seen.get("shared");
    assertEquals(2, seen.size());
    assertEquals(seen.get(0), seen.get(1), "one lab for both classes (options in any order)");
    assertEquals(LabStatus.DESTROYED, status(seen.get(0)));
    assertEquals(1, FileLabStore.at(state).labIds().size(), "only one lab was made");
    List<String> costs =
        results.allEvents().reportingEntryPublished().stream()
            .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
            .map(m -> m.get(NestedLabExtension.COST_ENTRY))
            .toList();
    assertEquals(2, costs.size(), costs.toString());
    costs.forEach(c -> assertTrue(c.contains(seen.get(0) + " USD "), c));
    costs.forEach(c -> assertTrue(c.contains("so far (shared by the run"), c));
  }

  @Test
  void nestedClassesUseTheEnclosingClassesLabWithoutEndingIt() {
    EngineExecutionResults results = run(NestedClassesExample.class);

    results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
    List<String> seen = Seen.get("nested");
    assertEquals(2, seen.size());
    assertEquals(seen.get(0), seen.get(1));
    assertEquals(LabStatus.DESTROYED, status(seen.get(0)));
    assertEquals(
        1, results.allEvents().fileEntryPublished().count(), "the enclosing lab's logs, once");
  }

  /** Moves the lab's recorded transitions back, as if it had been running for {@code d}. */
  private void ranFor(String labId, Duration d) {
    LabStore store = FileLabStore.at(state);
    LabRecord r = store.load(labId);
    store.save(
        new LabRecord(
            r.formatVersion(),
            r.labId(),
            r.name(),
            r.owner(),
            r.provider(),
            r.providerSettings(),
            r.region(),
            r.created().minus(d),
            r.leaseUntil(),
            r.status(),
            r.plan(),
            r.spec(),
            r.network(),
            r.host(),
            r.publicIp(),
            r.transitions().stream().map(t -> new Transition(t.at().minus(d), t.state())).toList(),
            r.journal(),
            r.consoleOffset(),
            r.lastPhase(),
            r.lastError()));
  }
}
