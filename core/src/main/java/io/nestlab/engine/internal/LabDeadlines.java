package io.nestlab.engine.internal;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.BudgetAction;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.PolicySpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** When a lab must be gone, from its TTL and its budget. */
public final class LabDeadlines {
  /** The shortest life worth creating a lab for; a budget that buys less is refused up front. */
  static final Duration MIN_LIFE = Duration.ofMinutes(15);

  private LabDeadlines() {}

  /**
   * When the lab must be gone: at the end of its TTL, or earlier when its budget runs out at the
   * planned rate and {@code onBudget} is {@code destroy} (less the guard's lookahead, so the budget
   * is not crossed). The lease, which the host's watchdog reads, never runs past it, so the budget
   * holds even when no NestLab process watches the lab. A {@code stop} budget keeps its disks and
   * is applied by the guards.
   */
  public static Instant hardEnd(
      LabSpec spec, PlanOption option, Instant created, Duration lookahead) {
    Instant ttlEnd = created.plus(ttlOf(spec));
    if (spec == null
        || option == null
        || spec.policy().budgetUsd() == null
        || spec.policy().onBudget() != BudgetAction.DESTROY
        || option.hourly().usd().signum() <= 0) {
      return ttlEnd;
    }
    long seconds =
        spec.policy()
            .budgetUsd()
            .multiply(BigDecimal.valueOf(3600))
            .divide(option.hourly().usd(), 0, RoundingMode.FLOOR)
            .longValueExact();
    Instant budgetEnd = created.plusSeconds(seconds).minus(lookahead);
    return budgetEnd.isBefore(ttlEnd) ? budgetEnd : ttlEnd;
  }

  public static Duration ttlOf(LabSpec spec) {
    Duration ttl = spec == null || spec.policy() == null ? null : spec.policy().ttl();
    return ttl == null ? PolicySpec.DEFAULT_TTL : ttl;
  }

  /** Refuses a lab whose budget buys less than {@link #MIN_LIFE} (and less than its TTL). */
  public static void requireAffordable(
      LabSpec spec, PlanOption option, Instant start, Duration lookahead) {
    Instant hardEnd = hardEnd(spec, option, start, lookahead);
    if (hardEnd.isBefore(start.plus(MIN_LIFE)) && hardEnd.isBefore(start.plus(ttlOf(spec)))) {
      throw new InvalidSpecException(
          "policy.budgetUsd",
          List.of(
              Problem.of(
                  "policy.budgetUsd",
                  "$"
                      + spec.policy().budgetUsd().toPlainString()
                      + " lasts less than "
                      + MIN_LIFE.plus(lookahead).toMinutes()
                      + " minutes at "
                      + option.hourly()
                      + "/h of "
                      + option.instanceType()
                      + "; raise the budget or choose a cheaper option")));
    }
  }
}
