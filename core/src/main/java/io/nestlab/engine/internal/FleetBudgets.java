package io.nestlab.engine.internal;

import io.nestlab.engine.BudgetPosition;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.state.BudgetPolicy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** {@code LabEngine.budgetPosition}: the store's budgets against new labs, read-only. */
public final class FleetBudgets {
  private FleetBudgets() {}

  /** The position of every budget that applies to one of {@code owners}' new labs. */
  public static List<BudgetPosition> position(
      EngineContext ctx, List<String> owners, LabSpec spec, PlanOption option) {
    BudgetPolicy policy = ctx.store().budgets();
    Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    List<BudgetCheck.NewLab> labs = new ArrayList<>();
    boolean applies = false;
    for (String owner : owners) {
      labs.add(BudgetCheck.newLab(null, owner, spec, option, now, ctx.timings().guardLookahead()));
      applies |= !policy.applying(owner).isEmpty();
    }
    if (!applies) {
      return List.of();
    }
    return BudgetCheck.positions(policy, ctx.store().records(), labs, now);
  }
}
