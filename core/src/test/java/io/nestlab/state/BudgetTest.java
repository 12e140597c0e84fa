package io.nestlab.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.cost.Money;
import io.nestlab.state.internal.budget.BudgetJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Budgets as users write them, teams, and the stored form. */
class BudgetTest {
  @Test
  void costsAreWrittenAsAmountPerPeriod() {
    Budget b = Budget.of(Budget.Scope.TEAM, "A", 10, "200/week");
    assertEquals(Money.usd("200"), b.maxCost());
    assertEquals(Budget.Period.WEEK, b.period());
    assertEquals("team A: at most 10 labs and $200.00 a week", b.label() + ": " + b.limits());
    assertEquals(Budget.Period.DAY, Budget.of(Budget.Scope.OWNER, "x", null, "$5.5/days").period());
    assertEquals(Budget.Period.WEEK, Budget.of(Budget.Scope.OWNER, "x", null, "5").period());
    assertEquals("nestlab budget set --team A --max-labs 10 --max-cost 200.00/week", b.command());
  }

  @Test
  void badBudgetsSayWhatToWrite() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Budget.of(Budget.Scope.TEAM, "A", null, "lots"))
            .getMessage()
            .contains("write AMOUNT/PERIOD, e.g. 200/week"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Budget.of(Budget.Scope.TEAM, "A", null, "200/fortnight"))
            .getMessage()
            .contains("use day, week or month"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> Budget.of(Budget.Scope.TEAM, "A", null, null))
            .getMessage()
            .contains("needs --max-labs N, --max-cost AMOUNT/PERIOD or both"));
    assertThrows(
        IllegalArgumentException.class, () -> Budget.of(Budget.Scope.OWNER, "a b", 1, null));
    assertThrows(
        IllegalArgumentException.class, () -> Budget.of(Budget.Scope.OWNER, "a", -2, null));
  }

  @Test
  void anOwnerCountsAgainstItsOwnBudgetAndItsFirstTeams() {
    Budget own = Budget.of(Budget.Scope.OWNER, "student-3", 1, null);
    Budget team = Budget.of(Budget.Scope.TEAM, "class", 30, "100/day");
    Budget other = Budget.of(Budget.Scope.TEAM, "staff", 5, null);
    BudgetPolicy p =
        BudgetPolicy.empty()
            .with(team)
            .with(own)
            .with(other)
            .withTeams(Map.of("class", List.of("student-*")));
    assertEquals(Optional.of("class"), p.teamOf("student-3"));
    assertEquals(List.of(own, team), p.applying("student-3"));
    assertEquals(List.of(team), p.applying("student-4"));
    assertEquals(List.of(), p.applying("trainer"));
    assertTrue(p.covers(team, "student-9"));
    Budget raised = Budget.of(Budget.Scope.TEAM, "class", 40, null);
    assertEquals(3, p.with(raised).budgets().size());
    assertEquals(raised, p.with(raised).find(Budget.Scope.TEAM, "class").orElseThrow());
  }

  @Test
  void thePolicyRoundTripsThroughItsStoredForm() {
    BudgetPolicy p =
        BudgetPolicy.empty()
            .with(Budget.of(Budget.Scope.TEAM, "A", 10, "200.25/month"))
            .with(Budget.of(Budget.Scope.OWNER, "bob", 2, null))
            .withTeams(Map.of("A", List.of("alice", "bob*")));
    assertEquals(p, BudgetJson.read("test", BudgetJson.write(p)));
    LabStateException e =
        assertThrows(
            LabStateException.class,
            () -> BudgetJson.read("the budgets", "{\"formatVersion\": 9, \"budgets\": []}"));
    assertTrue(e.getMessage().contains("newer than this NestLab"), e.getMessage());
  }
}
