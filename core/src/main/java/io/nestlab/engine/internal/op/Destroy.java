package io.nestlab.engine.internal.op;

import io.nestlab.cost.MeterState;
import io.nestlab.cost.Transition;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.engine.internal.Messages;
import io.nestlab.engine.internal.wait.DeleteUntilGone;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Destroys a lab from whatever point it reached, by its tags: the one compensation of the engine
 * (it also finds what a crash left that the journal does not know).
 */
public final class Destroy {
  private final EngineContext ctx;

  public Destroy(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** Destroys lab {@code labId}; see {@code LabEngine.destroy}. */
  public LabRecord destroy(String labId, ProviderSettings overrides) {
    try (LabStore.LabLock lock = ctx.store().lock(labId)) {
      LabRun run = LabRun.of(ctx, lock, ctx.store().load(labId));
      if (neverReachedTheCloud(run.record())) {
        // Nothing can exist: the journal writes each cloud step's begin before its first call.
        run.begin(LabStep.DESTROY, Map.of());
        run.update(run.record().toBuilder().status(LabStatus.DESTROYED));
        run.end(LabStep.DESTROY, Map.of(), "nothing was created in the cloud");
        return run.record();
      }
      try (LabProvider provider = ctx.open(run.record(), overrides)) {
        with(ctx, run, provider);
      }
      return run.record();
    }
  }

  static boolean neverReachedTheCloud(LabRecord rec) {
    return rec.lastOf(LabStep.CREATE.wire()).isPresent() // made by create(), not found by tags
        && rec.host() == null
        && rec.network() == null
        && rec.lastOf(LabStep.NETWORK.wire()).isEmpty()
        && rec.lastOf(LabStep.HOST.wire()).isEmpty()
        && rec.status() != LabStatus.DESTROYED;
  }

  /**
   * Terminates the lab's host, deletes every resource carrying its tag and returns once a listing
   * by tag finds nothing (bounded by the destroy timeout). Journaled as the {@code destroy} step.
   */
  public static void with(EngineContext ctx, LabRun run, LabProvider provider) {
    String labId = run.labId();
    run.update(run.record().toBuilder().status(LabStatus.DESTROYING));
    run.begin(LabStep.DESTROY, Map.of());
    try {
      if (run.record().host() != null) {
        HostRef host = run.record().host();
        ctx.retrier(ctx.timings().destroyTimeout()).run(() -> provider.terminateHost(host));
      }
      int deleted =
          new DeleteUntilGone(ctx, provider, ctx.timings().destroyTimeout())
              .run(
                  () -> provider.listOwned(TagFilter.lab(labId)),
                  left -> billLaunchNobodyJournaled(ctx, run, left),
                  "lab " + labId,
                  "; run 'nestlab down "
                      + labId
                      + "' again, or delete them in the "
                      + provider.id()
                      + " console");
      LabRecord.Builder b = run.record().toBuilder().status(LabStatus.DESTROYED).publicIp(null);
      if (!run.record().transitions().isEmpty()) {
        b.transition(new Transition(ctx.clock().instant(), MeterState.GONE));
      }
      run.update(b);
      run.end(
          LabStep.DESTROY, Map.of("deleteCalls", String.valueOf(deleted)), "everything deleted");
    } catch (RuntimeException e) {
      run.fail(LabStep.DESTROY, e);
      run.update(run.record().toBuilder().lastError(Messages.of(e)));
      throw e;
    }
  }

  /** Launched, but the crash came before the journal said so: bill from the launch request. */
  private static void billLaunchNobodyJournaled(
      EngineContext ctx, LabRun run, List<OwnedResource> left) {
    if (run.record().transitions().isEmpty()
        && left.stream().anyMatch(r -> r.kind() == ResourceKind.INSTANCE)) {
      Instant at =
          run.record().lastOf(LabStep.HOST.wire()).map(e -> e.at()).orElse(ctx.clock().instant());
      run.update(run.record().toBuilder().transition(new Transition(at, MeterState.RUNNING)));
    }
  }
}
