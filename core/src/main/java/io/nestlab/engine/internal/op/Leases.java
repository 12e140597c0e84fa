package io.nestlab.engine.internal.op;

import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.LabDeadlines;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.engine.internal.Messages;
import io.nestlab.engine.internal.Retrier;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;

/** Renews a lab's lease, once or from this JVM on a schedule. */
public final class Leases {
  private static final System.Logger LOG = System.getLogger(Leases.class.getName());

  private final EngineContext ctx;

  public Leases(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** Moves the lease of every resource of the lab (and the recorded lease) to {@code until}. */
  public LabRecord renew(String labId, Instant until, ProviderSettings overrides) {
    try (LabStore.LabLock lock = ctx.store().lock(labId)) {
      LabRun run = LabRun.of(ctx, lock, ctx.store().load(labId));
      try (LabProvider provider = ctx.open(run.record(), overrides)) {
        Retrier retry = ctx.retrier(ctx.timings().stateTimeout());
        for (OwnedResource r : retry.call(() -> provider.listOwned(TagFilter.lab(labId)))) {
          retry.run(() -> provider.renewLease(r, until));
        }
      }
      run.update(run.record().toBuilder().leaseUntil(until));
      run.info("lease", "lease renewed until " + until);
      return run.record();
    }
  }

  /** Renews every {@code period} to {@code window} ahead, never past the lab's hard end. */
  public AutoCloseable keep(String labId, Duration window, Duration period) {
    LabRecord rec = ctx.store().load(labId);
    Instant hardEnd =
        LabDeadlines.hardEnd(rec.spec(), rec.plan(), rec.created(), ctx.timings().guardLookahead());
    ScheduledExecutorService exec = Schedules.daemon("nestlab-lease-" + labId);
    Schedules.atFixedRate(
        exec,
        period,
        () -> {
          try {
            Instant until = ctx.clock().instant().plus(window);
            renew(labId, until.isAfter(hardEnd) ? hardEnd : until, ProviderSettings.empty());
          } catch (RuntimeException e) {
            LOG.log(
                System.Logger.Level.WARNING,
                "lease renewal of " + labId + " failed: " + Messages.of(e));
          }
        });
    return Schedules.closer(exec, Duration.ofSeconds(10));
  }
}
