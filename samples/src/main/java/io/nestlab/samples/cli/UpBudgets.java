package io.nestlab.samples.cli;

import io.nestlab.engine.BudgetPosition;
import io.nestlab.engine.LabEngine;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.state.LabStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The budgets of {@code up} (and {@code estimate}): prints where each budget that applies stands
 * and refuses, before anything is asked or created, new labs that do not fit
 * (docs/fleet.md#budgets). The engine checks each lab again, atomically, when it records it.
 */
final class UpBudgets {
  private UpBudgets() {}

  /**
   * Prints the position of every budget applying to the new labs' owners.
   *
   * @throws io.nestlab.state.BudgetExceededException when they do not fit; nothing is created
   */
  static void check(
      PrintWriter out, LabEngine engine, List<String> owners, LabSpec spec, PlanOption option) {
    List<BudgetPosition> positions = engine.budgetPosition(owners, spec, option);
    for (BudgetPosition p : positions) {
      out.println("  budget: " + p.describe());
    }
    out.flush();
    String what = owners.size() == 1 ? "this lab" : "a fleet of " + owners.size() + " labs";
    BudgetPosition.requireFit(positions, what, owners.get(0));
  }

  /** The owners of {@code up}'s labs: one, or one per lab of a fleet. */
  static List<String> owners(FleetOptions fleet) {
    int n = fleet.count == null ? 1 : fleet.count;
    List<String> owners = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      owners.add(fleet.ownerOf(i));
    }
    return owners;
  }

  /**
   * {@code estimate}'s lines: the budgets of {@code owner} and whether one lab on {@code option}
   * fits them; a store that cannot be read is named, never a failure of the estimate.
   */
  static void print(
      PrintWriter out, LabStore store, String owner, LabSpec spec, PlanOption option) {
    List<BudgetPosition> positions;
    try {
      if (store.budgets().applying(owner).isEmpty()) {
        return; // no budget of this owner: no engine to make (estimate's start-up, design 0200)
      }
      positions =
          LabEngine.builder(store)
              .owner(owner)
              .build()
              .budgetPosition(List.of(owner), spec, option);
    } catch (io.nestlab.state.LabStateException e) {
      out.println("budgets: not read (" + e.getMessage() + ")");
      return;
    }
    if (positions.isEmpty()) {
      return;
    }
    out.println();
    out.println(
        "Budgets of owner " + owner + " (" + store.location() + "), for the cheapest option:");
    for (BudgetPosition p : positions) {
      StringBuilder left = new StringBuilder();
      p.labsLeft().ifPresent(n -> left.append(n).append(n == 1 ? " lab" : " labs"));
      p.moneyLeft().ifPresent(m -> left.append(left.length() == 0 ? "" : " and ").append(m));
      out.println("  " + p.describe() + "; left before this lab: " + left);
    }
  }
}
