package io.nestlab.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import io.nestlab.cost.MeterState;
import io.nestlab.cost.Transition;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.HostRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LabStore} does, run against each one: the directory store ({@link
 * FileLabStoreContractTest}) and PostgreSQL ({@link PostgresLabStoreIT}). A subclass gives a fresh,
 * empty store per test.
 */
abstract class LabStoreContract {
  /** A new, empty store; the same one for the whole test when called twice. */
  abstract LabStore store();

  /** A second client of the same store (another process would see the same). */
  abstract LabStore otherClient();

  /**
   * Returns once {@code t} waits for the budget admission that another client holds (bounded: fails
   * the test when it never does, as when admissions are not serialised).
   */
  abstract void awaitWaitingForAdmission(Thread t) throws Exception;

  @Test
  void budgetsAndTeamsRoundTripToEveryClient() {
    assertTrue(store().budgets().isEmpty());
    BudgetPolicy policy =
        BudgetPolicy.empty()
            .with(Budget.of(Budget.Scope.TEAM, "a", 10, "200/week"))
            .with(Budget.of(Budget.Scope.OWNER, "me", null, "12.5/day"))
            .withTeams(Map.of("a", List.of("me", "student-*")));
    store().saveBudgets(policy);
    assertEquals(policy, otherClient().budgets());
    otherClient().saveBudgets(policy.without(Budget.Scope.TEAM, "a"));
    assertEquals(1, store().budgets().budgets().size());
  }

  /** Refuses when {@code max} labs of owner "me" are not destroyed yet. */
  static LabStore.Admission atMost(int max) {
    return (policy, labs) -> {
      long live =
          labs.stream()
              .filter(r -> "me".equals(r.owner()) && r.status() != LabStatus.DESTROYED)
              .count();
      if (live >= max) {
        throw new BudgetExceededException("owner me has " + live + " of " + max + " labs");
      }
    };
  }

  @Test
  void aRefusedAdmissionWritesNothingAndNoBudgetMeansNoCheck() {
    LabStore.Admission refuseAll =
        (policy, labs) -> {
          throw new BudgetExceededException("no");
        };
    store().admit(record("free-1"), refuseAll); // no budget applies: not even asked
    assertEquals(List.of("free-1"), otherClient().labIds());
    store().saveBudgets(BudgetPolicy.empty().with(Budget.of(Budget.Scope.OWNER, "me", 1, null)));
    assertThrows(BudgetExceededException.class, () -> store().admit(record("one-1"), atMost(1)));
    assertEquals(List.of("free-1"), otherClient().labIds());
  }

  @Test
  void twoClientsRacingForABudgetsLastSlotOnlyOneGetsIt() throws Exception {
    store().saveBudgets(BudgetPolicy.empty().with(Budget.of(Budget.Scope.OWNER, "me", 1, null)));
    java.util.concurrent.CountDownLatch aInside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch letAGo = new java.util.concurrent.CountDownLatch(1);
    LabStore.Admission aCheck =
        (policy, labs) -> {
          atMost(1).check(policy, labs);
          aInside.countDown();
          try {
            letAGo.await(60, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    java.util.Map<String, Object> outcome = new java.util.concurrent.ConcurrentHashMap<>();
    LabStore a = store();
    LabStore b = otherClient();
    Thread ta = racer(outcome, "a", () -> a.admit(record("race-a1"), aCheck));
    ta.start();
    assertTrue(aInside.await(60, java.util.concurrent.TimeUnit.SECONDS), "a never checked");
    Thread tb = racer(outcome, "b", () -> b.admit(record("race-b1"), atMost(1)));
    tb.start();
    try {
      awaitWaitingForAdmission(tb); // b cannot check while a holds the budget
    } finally {
      letAGo.countDown();
      ta.join(60_000);
      tb.join(60_000);
    }
    assertEquals("ok", outcome.get("a"));
    assertTrue(outcome.get("b") instanceof BudgetExceededException, String.valueOf(outcome));
    assertEquals(List.of("race-a1"), store().labIds());
  }

  private static Thread racer(Map<String, Object> outcome, String name, Runnable admit) {
    return new Thread(
        () -> {
          try {
            admit.run();
            outcome.put(name, "ok");
          } catch (RuntimeException e) {
            outcome.put(name, e);
          }
        },
        "racer-" + name);
  }

  static LabRecord record(String id) {
    Instant t = Instant.parse("2026-11-24T10:00:00Z");
    return LabRecord.builder(id, "fake")
        .name("demo")
        .owner("me")
        .created(t)
        .leaseUntil(t.plusSeconds(3600))
        .providerSettings(Map.of("dir", "/tmp/cloud"))
        .spec(
            LabSpec.builder()
                .name("demo")
                .esxi(new EsxiSpec("8.0U3", 1, "esx", 4, 16, 32, 100, Map.of()))
                .build())
        .host(new HostRef("fake", "fake-central-1", "a", "fake-i-1"))
        .transition(new Transition(t, MeterState.RUNNING))
        .journal(t, "host", JournalEntry.Phase.BEGIN, Map.of("idempotencyKey", "k"), null)
        .build();
  }

  @Test
  void aRecordRoundTripsExactly() {
    LabRecord r = record("demo-abc123");
    store().save(r);
    assertEquals(r, store().load("demo-abc123"));
    assertEquals(r, otherClient().load("demo-abc123"));
    assertEquals(List.of("demo-abc123"), store().labIds());
  }

  @Test
  void aSaveReplacesTheRecordAndKeepsTheWholeJournal() {
    LabRecord r = record("demo-abc123");
    store().save(r);
    LabRecord next =
        r.toBuilder()
            .status(LabStatus.READY)
            .journal(
                Instant.parse("2026-11-24T10:05:00Z"), "host", JournalEntry.Phase.END, null, null)
            .build();
    store().save(next);
    LabRecord back = otherClient().load("demo-abc123");
    assertEquals(LabStatus.READY, back.status());
    assertEquals(List.of(1L, 2L), back.journal().stream().map(JournalEntry::seq).toList());
    assertTrue(back.ended("host"));
  }

  @Test
  void recordsReadsEveryLabAtOnceSortedById() {
    for (String id : List.of("zeta-1", "alpha-2", "mid-3")) {
      store().save(record(id));
    }
    LabRecord changed = record("mid-3").toBuilder().status(LabStatus.READY).build();
    store().save(changed);
    List<LabRecord> all = otherClient().records();
    assertEquals(
        List.of("alpha-2", "mid-3", "zeta-1"), all.stream().map(LabRecord::labId).toList());
    assertEquals(changed, all.get(1));
    assertEquals(record("alpha-2"), all.get(0));
  }

  @Test
  void oneClientLeadsARoleUntilItStepsDown() {
    store().save(record("demo-abc123"));
    LabStore.LabLock leader = store().lead("sweeper");
    LabLockedException e =
        assertThrows(LabLockedException.class, () -> otherClient().lead("sweeper"));
    assertTrue(e.getMessage().contains("the sweeper of"), e.getMessage());
    // Another role, and the labs' own locks, are independent of it.
    otherClient().lead("reporter").close();
    otherClient().lock("demo-abc123").close();
    leader.close();
    otherClient().lead("sweeper").close();
    assertEquals(List.of("demo-abc123"), store().labIds());
    assertThrows(IllegalArgumentException.class, () -> store().lead("Sweeper 1"));
  }

  @Test
  void labIdsAreSortedAndAbsentLabsAreEmpty() {
    for (String id : List.of("zeta-1", "alpha-2", "mid-3")) {
      store().save(record(id));
    }
    assertEquals(List.of("alpha-2", "mid-3", "zeta-1"), store().labIds());
    assertEquals(Optional.empty(), store().find("other-9"));
  }

  @Test
  void unknownLabsNameTheKnownOnes() {
    store().save(record("demo-abc123"));
    UnknownLabException e = assertThrows(UnknownLabException.class, () -> store().load("other-1"));
    assertTrue(e.getMessage().contains("known labs: demo-abc123"), e.getMessage());
  }

  @Test
  void secretsRoundTripAndNeverPrint() {
    assertEquals(LabSecrets.empty(), store().secrets("demo-abc123"));
    store().saveSecrets("demo-abc123", LabSecrets.empty().with("ssh-private-key", "TOPSECRET"));
    LabSecrets back = otherClient().secrets("demo-abc123");
    assertEquals("TOPSECRET", back.get("ssh-private-key").orElseThrow());
    assertFalse(back.toString().contains("TOPSECRET"));
    store().saveSecrets("demo-abc123", back.with("other", "x"));
    assertEquals(
        List.of("other", "ssh-private-key"),
        List.copyOf(store().secrets("demo-abc123").asMap().keySet()));
  }

  @Test
  void theLockIsExclusiveAcrossClientsAndReleasedOnClose() {
    LabStore.LabLock first = store().lock("demo-abc123");
    assertEquals("demo-abc123", first.labId());
    LabLockedException e =
        assertThrows(LabLockedException.class, () -> otherClient().lock("demo-abc123"));
    assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
    assertThrows(LabLockedException.class, () -> store().lock("demo-abc123"));
    first.close();
    otherClient().lock("demo-abc123").close();
  }

  @Test
  void theLockHolderWritesAndOthersStillRead() {
    try (LabStore.LabLock lock = store().lock("demo-abc123")) {
      store().save(record(lock.labId()));
      store().saveSecrets(lock.labId(), LabSecrets.empty().with("k", "v"));
      assertEquals(record("demo-abc123"), otherClient().load("demo-abc123"));
    }
  }

  @Test
  void removeForgetsTheRecordAndItsSecrets() {
    store().save(record("demo-abc123"));
    store().save(record("keep-1"));
    store().saveSecrets("demo-abc123", LabSecrets.empty().with("k", "v"));
    store().remove("demo-abc123");
    store().remove("never-was");
    assertEquals(List.of("keep-1"), otherClient().labIds());
    assertEquals(LabSecrets.empty(), otherClient().secrets("demo-abc123"));
    assertEquals(Optional.empty(), otherClient().find("demo-abc123"));
  }

  @Test
  void labIdsThatAreNotIdsAreRefused() {
    for (String bad : List.of("../etc", "UPPER", "a", "x/y", "")) {
      assertThrows(InvalidSpecException.class, () -> store().load(bad), bad);
      assertThrows(InvalidSpecException.class, () -> store().lock(bad), bad);
    }
  }
}
