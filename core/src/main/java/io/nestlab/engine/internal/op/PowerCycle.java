package io.nestlab.engine.internal.op;

import io.nestlab.cost.MeterState;
import io.nestlab.cost.Transition;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.engine.internal.wait.HostWait;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Stops and starts a lab's host: one skeleton, two targets. */
public final class PowerCycle {
  private static final Set<LabStatus> HAS_A_HOST =
      EnumSet.of(LabStatus.READY, LabStatus.STOPPED, LabStatus.STOPPING, LabStatus.STARTING);

  private final EngineContext ctx;

  public PowerCycle(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** Stops the host; disks keep costing. Idempotent. */
  public LabRecord stop(String labId, ProviderSettings overrides) {
    return cycle(labId, overrides, Target.STOP);
  }

  /** Starts the stopped host and waits until it runs. Idempotent. */
  public LabRecord start(String labId, ProviderSettings overrides) {
    return cycle(labId, overrides, Target.START);
  }

  private enum Target {
    STOP(LabStep.STOP, LabStatus.STOPPED, LabStatus.STOPPING, HostState.STOPPED),
    START(LabStep.START, LabStatus.READY, LabStatus.STARTING, HostState.RUNNING);

    final LabStep step;
    final LabStatus done;
    final LabStatus going;
    final HostState hostState;

    Target(LabStep step, LabStatus done, LabStatus going, HostState hostState) {
      this.step = step;
      this.done = done;
      this.going = going;
      this.hostState = hostState;
    }
  }

  private LabRecord cycle(String labId, ProviderSettings overrides, Target t) {
    try (LabStore.LabLock lock = ctx.store().lock(labId)) {
      LabRun run = LabRun.of(ctx, lock, ctx.store().load(labId));
      requireHost(run.record(), t.step.wire());
      if (run.record().status() == t.done) {
        return run.record();
      }
      try (LabProvider provider = ctx.open(run.record(), overrides)) {
        cycle(run, provider, t);
        return run.record();
      }
    }
  }

  /**
   * Stops the host of {@code run}'s lab within an operation that already holds the lab and its
   * provider (a save that ends with the host stopped); nothing when it is stopped.
   */
  public void stopWithin(LabRun run, LabProvider provider) {
    if (run.record().status() != LabStatus.STOPPED) {
      cycle(run, provider, Target.STOP);
    }
  }

  private void cycle(LabRun run, LabProvider provider, Target t) {
    run.update(run.record().toBuilder().status(t.going));
    run.begin(t.step, Map.of());
    HostInfo info;
    try {
      Instant at = ctx.clock().instant();
      ctx.retrier(ctx.timings().stateTimeout())
          .run(
              () -> {
                if (t == Target.STOP) {
                  provider.stopHost(run.record().host());
                } else {
                  provider.startHost(run.record().host());
                }
              });
      if (t == Target.START) {
        // Billed from the start request: the cloud bills from then, not from "running".
        run.update(run.record().toBuilder().transition(new Transition(at, MeterState.RUNNING)));
      }
      info =
          HostWait.forState(t.hostState)
              .await(ctx, provider, run.record().host(), ctx.timings().stateTimeout());
    } catch (RuntimeException e) {
      run.fail(t.step, e);
      throw e;
    }
    finish(run, t, info);
  }

  private void finish(LabRun run, Target t, HostInfo info) {
    if (t == Target.STOP) {
      run.update(
          run.record().toBuilder()
              .status(LabStatus.STOPPED)
              .publicIp(null)
              .transition(new Transition(ctx.clock().instant(), MeterState.STOPPED)));
      run.end(LabStep.STOP, Map.of(), "host stopped; disks keep costing");
    } else {
      run.update(run.record().toBuilder().status(LabStatus.READY).publicIp(info.publicIp()));
      run.end(LabStep.START, Map.of(), "host running");
    }
  }

  private static void requireHost(LabRecord rec, String what) {
    if (rec.host() == null || !HAS_A_HOST.contains(rec.status())) {
      throw new LabStateException(
          "cannot "
              + what
              + " lab "
              + rec.labId()
              + ": it is "
              + rec.status().name().toLowerCase(Locale.ROOT)
              + (rec.status() == LabStatus.CREATING
                  ? "; 'nestlab resume "
                      + rec.labId()
                      + "' waits until it is ready, 'nestlab down "
                      + rec.labId()
                      + "' deletes it"
                  : ""));
    }
  }
}
