package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.cost.Money;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeClock;
import io.nestlab.fake.FakeFaults;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.Budget;
import io.nestlab.state.BudgetExceededException;
import io.nestlab.state.BudgetPolicy;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets and quotas enforced by the engine before anything is created (docs/fleet.md#budgets): a
 * lab over an owner's or a team's lab count or committed cost is refused with the figures, and
 * leaves nothing in the store or the cloud.
 */
class BudgetEnforcementTest {
  static final PlanOption OPTION = FakeCatalog.option("fake.nested.16x128", 50, 400);
  static final LabSpec SPEC = TestLabs.withTtl(Duration.ofHours(10));

  @TempDir Path dir;
  final FakeClock clock = FakeClock.at(Instant.parse("2026-11-24T10:00:00Z"));
  final FakeLabProvider fake =
      FakeLabProvider.builder().clock(clock).faults(FakeFaults.none()).build();
  LabStore store;

  @org.junit.jupiter.api.BeforeEach
  void openStore() {
    store = FileLabStore.at(dir.resolve("labs"));
  }

  LabEngine engine(String owner) {
    return LabEngine.builder(store)
        .providers((id, s) -> fake)
        .clock(clock)
        .sleeper(clock::advance)
        .owner(owner)
        .build();
  }

  LabRecord create(String owner, String id) {
    return engine(owner)
        .create(CreateRequest.of(SPEC, OPTION, ProviderSettings.empty()).withLabId(id));
  }

  /** The plan's rate for the spec's whole TTL: what one new lab commits. */
  static Money oneLab() {
    return OPTION.hourly().times(BigDecimal.TEN);
  }

  @Test
  void aLabOverItsOwnersLabCountIsRefusedAndLeavesNothing() {
    store.saveBudgets(BudgetPolicy.empty().with(Budget.of(Budget.Scope.OWNER, "alice", 1, null)));
    create("alice", "first-abc123");
    BudgetExceededException e =
        assertThrows(BudgetExceededException.class, () -> create("alice", "second-abc123"));
    String m = e.getMessage();
    // a lab-count budget: a shorter TTL would not make room, so it is not offered
    assertFalse(m.contains("policy.ttl"), m);
    assertTrue(m.contains("lab 'second-abc123' of owner alice would exceed a budget"), m);
    assertTrue(m.contains("owner alice (at most 1 lab): 1 of 1 labs live"), m);
    assertTrue(m.contains("nothing was created"), m);
    assertTrue(m.contains("nestlab budget set --owner alice --max-labs 1"), m);
    assertEquals(List.of("first-abc123"), store.labIds());
    assertTrue(fake.listOwned(TagFilter.lab("second-abc123")).isEmpty(), "cloud resources made");
    create("bob", "other-abc123"); // another owner has no budget

    engine("alice").destroy("first-abc123", ProviderSettings.empty());
    create("alice", "third-abc123"); // a destroyed lab no longer counts
  }

  @Test
  void aTeamsCommittedCostCountsSpentAndPlannedMoney() {
    store.saveBudgets(
        BudgetPolicy.empty()
            .with(
                new Budget(
                    Budget.Scope.TEAM,
                    "class",
                    Budget.NO_LIMIT,
                    oneLab().times(new BigDecimal("1.3")),
                    Budget.Period.WEEK))
            .withTeams(Map.of("class", List.of("student-*"))));
    create("student-1", "one-abc123");
    clock.advance(Duration.ofHours(4));
    BudgetPosition p =
        engine("student-2").budgetPosition(List.of("student-2"), SPEC, OPTION).get(0);
    LabRecord one = store.load("one-abc123");
    assertEquals(1, p.liveLabs());
    assertEquals(engine("x").cost(one).accrued(), p.spent());
    assertTrue(p.planned().compareTo(Money.ZERO) > 0, p.describe());
    assertTrue(p.committed().compareTo(oneLab()) >= 0, p.describe());
    assertEquals(oneLab(), p.newCost());
    assertFalse(p.costFits(), p.describe());
    BudgetExceededException e =
        assertThrows(BudgetExceededException.class, () -> create("student-2", "two-abc123"));
    assertTrue(e.getMessage().contains("team class ("), e.getMessage());
    assertTrue(e.getMessage().contains("committed this week"), e.getMessage());
    assertTrue(e.getMessage().contains("a shorter policy.ttl"), e.getMessage());
    assertEquals(List.of("one-abc123"), store.labIds());
    create("trainer", "trainer-abc123"); // not in the team
  }

  @Test
  void aFleetIsCheckedAsAWholeAndFitsExactlyToTheLimit() {
    store.saveBudgets(
        BudgetPolicy.empty()
            .with(Budget.of(Budget.Scope.TEAM, "class", 3, null))
            .withTeams(Map.of("class", List.of("student-*"))));
    LabEngine engine = engine("trainer");
    List<String> three = List.of("student-1", "student-2", "student-3");
    BudgetPosition fits = engine.budgetPosition(three, SPEC, OPTION).get(0);
    assertTrue(fits.fits(), fits.describe());
    assertEquals(3, fits.newLabs());
    List<String> four = List.of("student-1", "student-2", "student-3", "student-4");
    BudgetPosition over = engine.budgetPosition(four, SPEC, OPTION).get(0);
    assertFalse(over.labsFit(), over.describe());
    assertTrue(over.describe().contains("0 of 3 labs live; 4 new labs plan"), over.describe());
    assertEquals(List.of(), engine.budgetPosition(List.of("trainer"), SPEC, OPTION));
  }
}
