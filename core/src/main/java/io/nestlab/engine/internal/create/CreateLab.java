package io.nestlab.engine.internal.create;

import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.engine.internal.BudgetCheck;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.LabDeadlines;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.engine.internal.op.Destroy;
import io.nestlab.plan.PlanOption;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabSecrets;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The create and resume operations: a new record, or the stored one, driven by the pipeline. */
public final class CreateLab {
  private final EngineContext ctx;
  private final CreatePipeline pipeline = CreatePipeline.standard();

  public CreateLab(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** Creates the lab {@code labId}; see {@code LabEngine.create}. */
  public LabRecord create(String labId, CreateRequest request) {
    return create(labId, request, Map.of());
  }

  /**
   * Creates the lab {@code labId} with {@code restore} in the {@code create} step's first entry
   * (the blueprint and snapshot of {@code io.nestlab.engine.internal.Restores}; empty: installers).
   */
  public LabRecord create(String labId, CreateRequest request, Map<String, String> restore) {
    // Settings a provider refuses are refused here, before the lab has any state to clean up.
    ctx.resolver().open(request.option().provider(), request.settings()).close();
    // Tags keep whole seconds; so does the record, so both say the same.
    Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    Duration lookahead = ctx.timings().guardLookahead();
    LabDeadlines.requireAffordable(request.spec(), request.option(), now, lookahead);
    if (ctx.store().find(labId).isPresent()) {
      throw new LabStateException(
          "lab '"
              + labId
              + "' already exists in "
              + ctx.store().location()
              + "; choose another id");
    }
    try (LabStore.LabLock lock = ctx.store().lock(labId)) {
      Instant leaseUntil = LabDeadlines.hardEnd(request.spec(), request.option(), now, lookahead);
      if (request.heartbeat() != null && now.plus(request.heartbeat()).isBefore(leaseUntil)) {
        leaseUntil = now.plus(request.heartbeat());
      }
      PlanOption option = request.option();
      Map<String, String> plain = new LinkedHashMap<>();
      Map<String, String> secret = new LinkedHashMap<>();
      request
          .settings()
          .asMap()
          .forEach((k, v) -> (ProviderSettings.isSecret(k) ? secret : plain).put(k, v));
      LabRun run =
          LabRun.of(
              ctx,
              lock,
              LabRecord.builder(labId, option.provider())
                  .name(request.spec().name())
                  .owner(ctx.owner())
                  .providerSettings(plain)
                  .region(option.region())
                  .created(now)
                  .leaseUntil(leaseUntil)
                  .status(LabStatus.CREATING)
                  .plan(option)
                  .spec(request.spec())
                  .build());
      Map<String, String> begin = new LinkedHashMap<>(restore);
      begin.put("provider", option.provider());
      begin.put("type", option.instanceType());
      // The first record is written only when the lab fits its owner's and team's budgets.
      run.beginAdmitted(
          LabStep.CREATE,
          begin,
          BudgetCheck.admission(
              BudgetCheck.newLab(labId, ctx.owner(), request.spec(), option, now, lookahead), now));
      ctx.store().saveSecrets(labId, LabSecrets.empty());
      ctx.vault(labId).saveProviderSecrets(secret);
      return drive(run, request.settings(), request.waitLevel(), request.cleanupOnFailure());
    }
  }

  /** Continues a creation or a destroy; see {@code LabEngine.resume}. */
  public LabRecord resume(String labId, ProviderSettings overrides, WaitLevel wait) {
    try (LabStore.LabLock lock = ctx.store().lock(labId)) {
      LabRun run = LabRun.of(ctx, lock, ctx.store().load(labId));
      switch (run.record().status()) {
        case CREATING, FAILED -> {
          return drive(run, ctx.settingsOf(run.record(), overrides), wait, true);
        }
        case DESTROYING -> {
          try (LabProvider provider = ctx.open(run.record(), overrides)) {
            Destroy.with(ctx, run, provider);
          }
          return run.record();
        }
        default -> {
          return run.record();
        }
      }
    }
  }

  private LabRecord drive(LabRun run, ProviderSettings settings, WaitLevel wait, boolean cleanup) {
    try (LabProvider provider = ctx.resolver().open(run.record().provider(), settings)) {
      CreateContext c = new CreateContext(ctx, run, provider);
      try {
        return pipeline.run(c, wait);
      } catch (RuntimeException e) {
        throw CreateFailure.handle(c, e, cleanup);
      }
    }
  }
}
