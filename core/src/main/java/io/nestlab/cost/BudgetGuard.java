package io.nestlab.cost;

import io.nestlab.spec.BudgetAction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Keeps a lab under its budget. It warns once 80% is spent, and asks for the spec's {@code
 * onBudget} action while the budget is not yet crossed: as soon as the cost projected {@code
 * lookahead} ahead (the time until the next check plus the time the action takes to stop the meter)
 * would reach the budget.
 *
 * @param budget the most the lab may cost
 * @param action what to do before the budget is crossed
 * @param lookahead how far ahead to project; at least the check interval plus the action's time
 */
public record BudgetGuard(Money budget, BudgetAction action, Duration lookahead) {
  /** Share of the budget at which the guard starts warning. */
  public static final BigDecimal WARN_SHARE = new BigDecimal("0.8");

  public BudgetGuard {
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(action, "action");
    if (lookahead == null || lookahead.isNegative()) {
      throw new IllegalArgumentException("lookahead must be zero or positive");
    }
  }

  /** The decision for a lab metered by {@code meter}, at {@code now}. */
  public GuardDecision evaluate(CostMeter meter, Instant now) {
    Money spent = meter.accrued(now);
    Money ahead = meter.projected(now, now.plus(lookahead));
    MeterState state = meter.stateAt(now);
    String of = spent + " of the " + budget + " budget spent";
    if (state == MeterState.GONE) {
      return GuardDecision.ok(of + "; the lab is gone");
    }
    if (ahead.compareTo(budget) >= 0) {
      boolean actionHelps =
          action == BudgetAction.DESTROY
              || (action == BudgetAction.STOP && state == MeterState.RUNNING);
      if (action == BudgetAction.WARN || !actionHelps) {
        return new GuardDecision(
            GuardDecision.Verdict.WARN,
            of
                + "; at "
                + meter.burnRate(now)
                + "/h it reaches "
                + ahead
                + " within "
                + lookahead.toMinutes()
                + " min"
                + (action == BudgetAction.STOP
                    ? "; the lab is stopped, its disks keep costing: destroy it to stop that"
                    : "; onBudget is warn, so nothing is stopped"));
      }
      return new GuardDecision(
          GuardDecision.Verdict.ACT,
          of
              + "; at "
              + meter.burnRate(now)
              + "/h it would reach "
              + ahead
              + " within "
              + lookahead.toMinutes()
              + " min, so the lab is "
              + (action == BudgetAction.STOP ? "stopped" : "destroyed")
              + " now (onBudget: "
              + action.name().toLowerCase(Locale.ROOT)
              + ")");
    }
    if (spent.compareTo(budget.times(WARN_SHARE)) >= 0) {
      return new GuardDecision(GuardDecision.Verdict.WARN, of + " (80% or more)");
    }
    return GuardDecision.ok(of);
  }
}
