package io.nestlab.engine.internal;

import io.nestlab.cost.CostMeter;
import io.nestlab.cost.MeterState;
import io.nestlab.cost.Money;
import io.nestlab.engine.BudgetPosition;
import io.nestlab.engine.internal.op.Views;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.state.Budget;
import io.nestlab.state.BudgetPolicy;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The budget check of new labs (docs/design/0180): pure, from the policy, every record and the new
 * labs' owners and planned cost. A lab counts against a budget while it is not destroyed; its
 * committed cost is what it cost within the budget's period plus what it will cost, at its current
 * rate, until its recorded lease end. A new lab commits its plan's hourly rate times the time to
 * its lease end (its TTL, or sooner when its own budget destroys it).
 */
public final class BudgetCheck {
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

  private BudgetCheck() {}

  /** One new lab: its id (null when not chosen yet), owner and planned cost to its lease end. */
  public record NewLab(String labId, String owner, Money plannedCost) {}

  /** A new lab of {@code spec} on {@code option}, created at {@code now}. */
  public static NewLab newLab(
      String labId,
      String owner,
      LabSpec spec,
      PlanOption option,
      Instant now,
      Duration lookahead) {
    Instant end = LabDeadlines.hardEnd(spec, option, now, lookahead);
    return new NewLab(labId, owner, costOf(option.hourly(), Duration.between(now, end)));
  }

  /**
   * The position of every budget that applies to one of the new labs' owners, in policy order. A
   * record whose id is one of the new labs' is not counted (an earlier try of the same lab).
   */
  public static List<BudgetPosition> positions(
      BudgetPolicy policy, List<LabRecord> labs, List<NewLab> newLabs, Instant now) {
    Set<Budget> budgets = new LinkedHashSet<>();
    Set<String> newIds = new LinkedHashSet<>();
    for (NewLab n : newLabs) {
      budgets.addAll(policy.applying(n.owner()));
      if (n.labId() != null) {
        newIds.add(n.labId());
      }
    }
    List<BudgetPosition> positions = new ArrayList<>();
    for (Budget b : budgets) {
      int live = 0;
      Money spent = Money.ZERO;
      Money planned = Money.ZERO;
      for (LabRecord r : labs) {
        if (newIds.contains(r.labId()) || !policy.covers(b, r.owner())) {
          continue;
        }
        if (r.status() != LabStatus.DESTROYED) {
          live++;
        }
        if (b.maxCost() != null && r.plan() != null) {
          spent = spent.plus(spentSince(r, now.minus(b.period().length()), now));
          planned = planned.plus(plannedRest(r, now));
        }
      }
      int count = 0;
      Money newCost = Money.ZERO;
      for (NewLab n : newLabs) {
        if (policy.covers(b, n.owner())) {
          count++;
          newCost = newCost.plus(n.plannedCost());
        }
      }
      positions.add(new BudgetPosition(b, live, count, spent, planned, newCost));
    }
    return positions;
  }

  /** The admission of {@code lab} for {@link LabStore#admit}. */
  public static LabStore.Admission admission(NewLab lab, Instant now) {
    return (policy, labs) ->
        BudgetPosition.requireFit(
            positions(policy, labs, List.of(lab), now), "lab '" + lab.labId() + "'", lab.owner());
  }

  /** What {@code r} cost between {@code from} and {@code now}, from its recorded transitions. */
  static Money spentSince(LabRecord r, Instant from, Instant now) {
    CostMeter meter = Views.meter(r);
    Money spent = meter.accrued(now).minus(meter.accrued(from));
    return spent.isNegative() ? Money.ZERO : spent;
  }

  /** What a live {@code r} will cost from {@code now} to its lease end at its current rate. */
  static Money plannedRest(LabRecord r, Instant now) {
    if (r.status() == LabStatus.DESTROYED
        || r.leaseUntil() == null
        || !r.leaseUntil().isAfter(now)) {
      return Money.ZERO;
    }
    CostMeter meter = Views.meter(r);
    Money rate =
        meter.stateAt(now) == MeterState.GONE && r.status() == LabStatus.CREATING
            ? r.plan().hourly()
            : meter.burnRate(now);
    return costOf(rate, Duration.between(now, r.leaseUntil()));
  }

  private static Money costOf(Money hourly, Duration d) {
    if (d.isNegative()) {
      return Money.ZERO;
    }
    return hourly.times(
        BigDecimal.valueOf(d.getSeconds()).divide(SECONDS_PER_HOUR, 10, RoundingMode.HALF_UP));
  }
}
