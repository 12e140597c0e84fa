package io.nestlab.engine.internal.op;

import io.nestlab.cost.GuardDecision;
import io.nestlab.engine.LabEvent;
import io.nestlab.engine.LabView;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.Messages;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a lab from this JVM: every period, an inspection and the guards' enforcement, so the
 * budget's action lands before the budget is crossed and the lab is destroyed at the end of its
 * lease even when nobody runs a command. Decisions and actions arrive as {@code guard} INFO events.
 */
public final class Watch {
  private static final System.Logger LOG = System.getLogger(Watch.class.getName());

  private final EngineContext ctx;
  private final Inspect inspect;
  private final GuardEnforcer guards;

  public Watch(EngineContext ctx) {
    this.ctx = ctx;
    this.inspect = new Inspect(ctx);
    this.guards = new GuardEnforcer(ctx);
  }

  public AutoCloseable watch(String labId, Duration period) {
    ctx.store().load(labId); // fail now on an unknown lab
    ScheduledExecutorService exec = Schedules.daemon("nestlab-watch-" + labId);
    exec.scheduleWithFixedDelay(
        () -> {
          try {
            if (once(labId)) {
              exec.shutdown();
            }
          } catch (RuntimeException e) {
            LOG.log(
                System.Logger.Level.WARNING, "watching " + labId + " failed: " + Messages.of(e));
          }
        },
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    // Let a check in flight finish: interrupting it would interrupt a state write.
    return Schedules.closer(exec, Duration.ofSeconds(30));
  }

  /** One look and enforcement; true once the lab is destroyed. */
  private boolean once(String labId) {
    LabView v =
        guards.enforce(inspect.inspect(labId, ProviderSettings.empty()), ProviderSettings.empty());
    for (GuardDecision d : List.of(v.budget(), v.ttl())) {
      if (d.verdict() != GuardDecision.Verdict.OK) {
        guard(labId, d.message());
      }
    }
    if (v.action() != null) {
      guard(labId, v.action());
    }
    return v.record().status() == LabStatus.DESTROYED;
  }

  private void guard(String labId, String detail) {
    ctx.listeners()
        .fire(
            new LabEvent(labId, "guard", LabEvent.Kind.INFO, ctx.clock().instant(), detail, null));
  }
}
