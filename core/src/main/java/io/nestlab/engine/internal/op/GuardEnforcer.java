package io.nestlab.engine.internal.op;

import io.nestlab.engine.LabView;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.spec.BudgetAction;
import io.nestlab.spi.ProviderSettings;

/**
 * Applies a lab's guard decisions: destroys it at the end of its lease, and applies its budget's
 * {@code onBudget} action (stop or destroy) before the budget is crossed. The only place where
 * looking at a lab leads to acting on it.
 */
public final class GuardEnforcer {
  private final EngineContext ctx;
  private final Destroy destroy;
  private final PowerCycle power;
  private final Views views;

  public GuardEnforcer(EngineContext ctx) {
    this.ctx = ctx;
    this.destroy = new Destroy(ctx);
    this.power = new PowerCycle(ctx);
    this.views = new Views(ctx);
  }

  /** Acts on {@code seen}'s decisions; returns the view after the action, or {@code seen}. */
  public LabView enforce(LabView seen, ProviderSettings overrides) {
    String labId = seen.record().labId();
    if (seen.ttl().isAct()) {
      destroy.destroy(labId, overrides);
      return after(labId, "destroyed: " + seen.ttl().message());
    }
    if (seen.budget().isAct()) {
      if (seen.record().spec().policy().onBudget() == BudgetAction.DESTROY) {
        destroy.destroy(labId, overrides);
        return after(labId, "destroyed: " + seen.budget().message());
      }
      power.stop(labId, overrides);
      return after(labId, "stopped: " + seen.budget().message());
    }
    return seen;
  }

  private LabView after(String labId, String action) {
    return views.of(ctx.store().load(labId), null, action);
  }
}
