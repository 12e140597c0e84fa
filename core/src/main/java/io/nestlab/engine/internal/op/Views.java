package io.nestlab.engine.internal.op;

import io.nestlab.cost.BillingRules;
import io.nestlab.cost.BudgetGuard;
import io.nestlab.cost.CostMeter;
import io.nestlab.cost.GuardDecision;
import io.nestlab.cost.Money;
import io.nestlab.cost.TtlGuard;
import io.nestlab.engine.LabView;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.PlanRates;
import io.nestlab.spi.HostInfo;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.time.Duration;
import java.time.Instant;

/** A lab's cost and guard decisions from its record, now. Touches no cloud. */
public final class Views {
  private final EngineContext ctx;

  public Views(EngineContext ctx) {
    this.ctx = ctx;
  }

  public static CostMeter meter(LabRecord rec) {
    return CostMeter.of(
        BillingRules.forProvider(rec.provider()), PlanRates.of(rec.plan()), rec.transitions());
  }

  /** The view of {@code rec}; {@code info} and {@code action} may be null. */
  public LabView of(LabRecord rec, HostInfo info, String action) {
    CostMeter meter = meter(rec);
    Instant now = ctx.clock().instant();
    GuardDecision budget =
        rec.spec() == null || rec.spec().policy().budgetUsd() == null
            ? GuardDecision.ok("no budget set")
            : new BudgetGuard(
                    Money.usd(rec.spec().policy().budgetUsd()),
                    rec.spec().policy().onBudget(),
                    ctx.timings().guardLookahead())
                .evaluate(meter, now);
    GuardDecision ttl =
        rec.status() == LabStatus.DESTROYED || rec.leaseUntil() == null
            ? GuardDecision.ok("no lease")
            : new TtlGuard(rec.leaseUntil(), Duration.ZERO, Duration.ofMinutes(30)).evaluate(now);
    return new LabView(rec, info, meter.report(now), budget, ttl, action);
  }
}
