package io.nestlab.engine.internal.op;

import io.nestlab.cost.MeterState;
import io.nestlab.cost.Transition;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.LabView;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.engine.internal.Messages;
import io.nestlab.engine.internal.wait.ConsoleProgress;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabLockedException;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;

/**
 * A lab as it is now, without acting on it: asks the provider about its host and records what the
 * cloud changed on its own (a dead-man stop: billing follows), reads a creation's bootstrap
 * progress without waiting, and computes cost and guard decisions. It ends no step and changes no
 * status: only the creation ({@code resume}) ends a creation, and only {@link GuardEnforcer} acts
 * on the guards.
 */
public final class Inspect {
  private final EngineContext ctx;
  private final Views views;

  public Inspect(EngineContext ctx) {
    this.ctx = ctx;
    this.views = new Views(ctx);
  }

  public LabView inspect(String labId, ProviderSettings overrides) {
    LabRecord rec = ctx.store().load(labId);
    if (rec.status() == LabStatus.DESTROYED) {
      return views.of(rec, null, null);
    }
    HostInfo info = null;
    try (LabStore.LabLock lock = ctx.store().lock(labId)) {
      LabRun run = LabRun.of(ctx, lock, ctx.store().load(labId));
      if (run.record().host() != null) {
        try (LabProvider provider = ctx.open(run.record(), overrides)) {
          HostInfo described =
              ctx.retrier(ctx.timings().stateTimeout())
                  .call(() -> provider.describeHost(run.record().host()));
          info = described;
          reconcile(run, described);
          if (run.record().status() == LabStatus.CREATING
              && described.state() == HostState.RUNNING) {
            peekBootstrap(run, provider);
          }
        }
      }
      rec = run.record();
    } catch (LabLockedException busy) {
      // Another process drives the lab: show what is recorded, change nothing.
      return views.of(ctx.store().load(labId), null, null);
    }
    return views.of(rec, info, null);
  }

  private void reconcile(LabRun run, HostInfo info) {
    MeterState billed = Views.meter(run.record()).stateAt(ctx.clock().instant());
    MeterState actual =
        switch (info.state()) {
          case PENDING, RUNNING -> MeterState.RUNNING;
          case STOPPING, STOPPED -> MeterState.STOPPED;
          case TERMINATING, TERMINATED, NOT_FOUND -> MeterState.GONE;
        };
    if (billed != actual && !run.record().transitions().isEmpty()) {
      run.update(
          run.record().toBuilder().transition(new Transition(ctx.clock().instant(), actual)));
      run.info("reconcile", "the cloud reports the host " + info.state() + "; billing follows");
    }
  }

  /** Records the last progress (and a failed phase as the lab's last error); says what is next. */
  private void peekBootstrap(LabRun run, LabProvider provider) {
    ConsoleProgress.Summary s =
        ConsoleProgress.peek(
            provider, run.record().host(), ctx.retrier(ctx.timings().stateTimeout()));
    LabRecord.Builder b = run.record().toBuilder().consoleOffset(s.nextOffset());
    s.last().ifPresent(b::lastPhase);
    s.failed().ifPresent(f -> b.lastError("bootstrap failed in phase " + f));
    run.update(b);
    int files = ctx.vault(run.labId()).deferredFiles().size();
    if (files > 0 && !run.ended(LabStep.DELIVER_FILES)) {
      run.info(LabStep.DELIVER_FILES, Messages.deferredFilesReminder(run.labId(), files));
    } else if (s.ready() && s.failed().isEmpty()) {
      run.info(
          LabStep.BOOTSTRAP,
          "the host reported ready; 'nestlab resume "
              + run.labId()
              + "' finishes the creation (host key, credentials)");
    }
  }
}
