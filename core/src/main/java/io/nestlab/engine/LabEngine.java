package io.nestlab.engine;

import io.nestlab.PartialFailureException;
import io.nestlab.cost.CostMeter;
import io.nestlab.cost.CostReport;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.FleetBudgets;
import io.nestlab.engine.internal.HostRequests;
import io.nestlab.engine.internal.HostShell;
import io.nestlab.engine.internal.LabIds;
import io.nestlab.engine.internal.Listeners;
import io.nestlab.engine.internal.blueprint.BlueprintRecords;
import io.nestlab.engine.internal.blueprint.CopyBlueprint;
import io.nestlab.engine.internal.blueprint.DeleteBlueprint;
import io.nestlab.engine.internal.blueprint.ListBlueprints;
import io.nestlab.engine.internal.blueprint.RestoreSource;
import io.nestlab.engine.internal.blueprint.SaveBlueprint;
import io.nestlab.engine.internal.blueprint.SaveCleanup;
import io.nestlab.engine.internal.blueprint.Saves;
import io.nestlab.engine.internal.create.CreateLab;
import io.nestlab.engine.internal.op.Destroy;
import io.nestlab.engine.internal.op.GuardEnforcer;
import io.nestlab.engine.internal.op.Inspect;
import io.nestlab.engine.internal.op.Leases;
import io.nestlab.engine.internal.op.PowerCycle;
import io.nestlab.engine.internal.op.Sweep;
import io.nestlab.engine.internal.op.Views;
import io.nestlab.engine.internal.op.Watch;
import io.nestlab.engine.internal.rehearse.Rehearsals;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.HostCommands;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.Blueprint;
import io.nestlab.state.BlueprintStore;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates, resumes, stops, starts and destroys labs, one journaled step at a time, so the
 * controlling process may die at any moment: {@link #resume} continues a creation from its first
 * step not done (re-using each step's idempotency key) and {@link #destroy} works from any point,
 * finding resources by their tags. Also meters cost, applies budget and TTL guards, renews leases
 * and sweeps expired resources.
 *
 * <p>Every operation takes the lab's lock for its duration; a second process gets a clear {@link
 * io.nestlab.state.LabLockedException}. Each verb hands off to one operation class of {@code
 * io.nestlab.engine.internal} (docs/design/0080-engine-pipeline.md).
 */
public final class LabEngine {
  private final EngineContext ctx;
  private final BlueprintStore blueprints;

  private LabEngine(EngineContext ctx, BlueprintStore blueprints) {
    this.ctx = ctx;
    this.blueprints = blueprints;
  }

  public static Builder builder(LabStore store) {
    return new Builder(store);
  }

  public LabStore store() {
    return ctx.store();
  }

  public void addListener(LabListener listener) {
    ctx.listeners().add(listener);
  }

  /** A lab id from a lab name: the name plus a random suffix, valid as a tag value. */
  public static String newLabId(String name) {
    return LabIds.newId(name);
  }

  /** The idempotency key of a lab's step: a name-based UUID both clouds accept. */
  public static String idempotencyKey(String labId, LabStep step) {
    return HostRequests.idempotencyKey(labId, step.wire());
  }

  /**
   * Creates a lab: keys, preflight, network, L1 host, running, deliver-files, bootstrap, access;
   * each step journaled before and after, up to the request's wait level. On failure, with {@link
   * CreateRequest#cleanupOnFailure()}, deletes whatever was created; either way the {@link
   * PartialFailureException} names what was created.
   */
  public LabRecord create(CreateRequest request) {
    String labId = request.labId() != null ? request.labId() : newLabId(request.spec().name());
    Map<String, String> restore =
        request.blueprint() == null
            ? Map.of()
            : new RestoreSource(ctx, blueprints).restoreData(request);
    return new CreateLab(ctx).create(labId, request, restore);
  }

  /**
   * Continues a lab after a crash (or after a create that returned early): a creation goes on from
   * its first step not done (re-using the steps' idempotency keys, so nothing is made twice); an
   * interrupted destroy finishes. A lab that is ready, stopped or destroyed is returned as it is.
   */
  public LabRecord resume(String labId, ProviderSettings overrides, WaitLevel wait) {
    if (Saves.unfinished(ctx.store().load(labId)).isPresent()) {
      new SaveBlueprint(ctx, blueprints).resume(labId, overrides);
      return ctx.store().load(labId);
    }
    return new CreateLab(ctx).resume(labId, overrides, wait);
  }

  /**
   * Destroys a lab from whatever point it reached: terminates its host, deletes every resource
   * carrying its tag in deletion order, and returns only when listing by tag finds nothing (bounded
   * by the destroy timeout; the error names what is still there). Idempotent.
   */
  public LabRecord destroy(String labId, ProviderSettings overrides) {
    new SaveCleanup(ctx, blueprints).beforeDestroy(labId, overrides);
    return new Destroy(ctx).destroy(labId, overrides);
  }

  /** Stops the lab's host; disks keep costing. Idempotent. */
  public LabRecord stop(String labId, ProviderSettings overrides) {
    return new PowerCycle(ctx).stop(labId, overrides);
  }

  /** Starts the lab's stopped host again and waits until it runs. Idempotent. */
  public LabRecord start(String labId, ProviderSettings overrides) {
    return new PowerCycle(ctx).start(labId, overrides);
  }

  /** Writes a named restore point of the whole ready lab on its host (design 0121). */
  public Checkpoint checkpoint(String labId, String name, ProviderSettings overrides) {
    return new Rehearsals(ctx).checkpoint(labId, name, overrides);
  }

  /** The lab's checkpoints on its host, oldest first. */
  public List<Checkpoint> checkpoints(String labId, ProviderSettings overrides) {
    return new Rehearsals(ctx).checkpoints(labId, overrides);
  }

  /** Returns the lab to a checkpoint and waits until vCenter and every host answer. */
  public LabRecord rollback(String labId, String name, ProviderSettings overrides) {
    return new Rehearsals(ctx).rollback(labId, name, false, overrides);
  }

  /** As {@link #rollback}; {@code force} also gives up an interrupted rehearsal (design 0171). */
  public LabRecord rollback(String labId, String name, boolean force, ProviderSettings overrides) {
    return new Rehearsals(ctx).rollback(labId, name, force, overrides);
  }

  /** Deletes a checkpoint from the lab's host; not the one a paused rehearsal needs. */
  public void deleteCheckpoint(String labId, String name, ProviderSettings overrides) {
    new Rehearsals(ctx).deleteCheckpoint(labId, name, overrides);
  }

  /** Runs an upgrade rehearsal on the lab's host and follows it to its end or pause. */
  public RehearsalReport rehearse(
      String labId, RehearsalOptions options, ProviderSettings overrides) {
    return new Rehearsals(ctx).rehearse(labId, options, overrides);
  }

  /** Continues the lab's paused or interrupted rehearsal and follows it. */
  public RehearsalReport continueRehearsal(String labId, ProviderSettings overrides) {
    return new Rehearsals(ctx).continueRehearsal(labId, overrides);
  }

  /** Whether {@code rec}'s lab has a rehearsal begun and not ended, or paused. */
  public static boolean rehearsalPending(LabRecord rec) {
    return Rehearsals.pending(rec);
  }

  /** The lab's last rehearsal report. */
  public RehearsalReport rehearsalReport(String labId, ProviderSettings overrides) {
    return new Rehearsals(ctx).report(labId, overrides);
  }

  /**
   * How new labs of {@code spec} on {@code option}, one per entry of {@code owners}, would stand
   * against the budgets of their owners and teams kept in the store (docs/fleet.md#budgets); empty
   * when no budget applies. Reads the store, touches no cloud; {@link #create} enforces the same
   * check atomically.
   */
  public List<BudgetPosition> budgetPosition(List<String> owners, LabSpec spec, PlanOption option) {
    return FleetBudgets.position(ctx, owners, spec, option);
  }

  /** The lab's cost from its recorded transitions, now. Touches no cloud. */
  public CostReport cost(LabRecord rec) {
    return meter(rec).report(ctx.clock().instant());
  }

  /** The lab's cost meter. */
  public CostMeter meter(LabRecord rec) {
    return Views.meter(rec);
  }

  /**
   * The lab as it is now, without acting on it: asks the provider about its host (recording a state
   * the cloud changed on its own, such as a dead-man stop), reads a creation's bootstrap progress
   * without waiting, and computes cost and guard decisions. It never ends a creation ({@link
   * #resume} does) and never applies a guard ({@link #enforceGuards} does).
   */
  public LabView inspect(String labId, ProviderSettings overrides) {
    return new Inspect(ctx).inspect(labId, overrides);
  }

  /**
   * {@link #inspect} and then the guards' decisions applied: the budget's {@code onBudget} action
   * before the budget is crossed, destruction at the end of the lease. The view's {@link
   * LabView#action()} says what was done.
   */
  public LabView enforceGuards(String labId, ProviderSettings overrides) {
    return new GuardEnforcer(ctx).enforce(inspect(labId, overrides), overrides);
  }

  /** Moves the lease of every resource of the lab (and the recorded lease) to {@code until}. */
  public LabRecord renewLease(String labId, Instant until, ProviderSettings overrides) {
    return new Leases(ctx).renew(labId, until, overrides);
  }

  /**
   * Renews the lab's lease from this JVM every {@code period}, to {@code window} ahead (never past
   * the lab's TTL), until closed; if this JVM dies, the lease runs out and {@link #sweep} may
   * collect the lab. Renewal failures are logged and retried next period.
   */
  public AutoCloseable keepLease(String labId, Duration window, Duration period) {
    return new Leases(ctx).keep(labId, window, period);
  }

  /**
   * Watches the lab from this JVM: every {@code period}, {@link #enforceGuards}, so the budget's
   * action lands before the budget is crossed and the lab is destroyed at the end of its lease,
   * even when nobody runs a command. Guard warnings and actions arrive as {@code guard} INFO
   * events; failures are logged and tried again next period. Stops when closed or when the lab is
   * destroyed.
   */
  public AutoCloseable watch(String labId, Duration period) {
    return new Watch(ctx).watch(labId, period);
  }

  /**
   * Finds every resource of {@code providerId} whose lease tag has passed, from tags alone (no
   * state file), and deletes them (instances first) unless {@link SweepOptions#dryRun()}; expired
   * blueprints (whose lease tag is their expiry) go too, and so do their records here. Bounded by
   * the destroy timeout.
   */
  public SweepReport sweep(String providerId, ProviderSettings settings, SweepOptions options) {
    SweepReport report = new Sweep(ctx).sweep(providerId, settings, options.dryRun());
    BlueprintRecords.forgetDeleted(blueprints, report.deleted());
    return report;
  }

  /**
   * Saves the ready lab {@code labId} as the blueprint {@code name} (docs/blueprints.md): shuts its
   * nested lab down cleanly, snapshots its host's data disk, waits for the snapshot, records the
   * blueprint, then starts the nested lab again or stops the host, as {@code options} say.
   * Journaled on the lab: after a crash, {@link #resume} finishes the save and {@link #destroy}
   * deletes the snapshot of a save that did not record its blueprint.
   */
  public Blueprint save(
      String labId, String name, SaveOptions options, ProviderSettings overrides) {
    return new SaveBlueprint(ctx, blueprints).save(labId, name, options, overrides);
  }

  /**
   * The blueprints recorded here and, when {@code providerId} is not null, those its cloud lists by
   * their tags.
   */
  public List<BlueprintView> blueprints(String providerId, ProviderSettings settings) {
    return new ListBlueprints(ctx, blueprints).list(providerId, settings);
  }

  /** The blueprint {@code name} recorded here; fails saying how to find or make one. */
  public Blueprint blueprint(String name) {
    return Saves.require(blueprints, name);
  }

  /**
   * Deletes the blueprint {@code name}: every snapshot tagged with it (and those its record names,
   * copies included), then its record. {@code providerId} is needed only when no record is here.
   */
  public List<OwnedResource> deleteBlueprint(
      String name, String providerId, ProviderSettings settings) {
    return new DeleteBlueprint(ctx, blueprints).delete(name, providerId, settings);
  }

  /** Copies the blueprint into {@code region}, waits until the copy is complete, records it. */
  public Blueprint copyBlueprint(String name, String region, ProviderSettings settings) {
    return new CopyBlueprint(ctx, blueprints).copy(name, region, settings);
  }

  /** Where blueprint records are kept. */
  public BlueprintStore blueprintStore() {
    return blueprints;
  }

  /**
   * Commands on the lab's L1 host, as root: over the lab's verified SSH access, or the provider's
   * own when its hosts are simulated. Close it when done.
   *
   * @throws io.nestlab.NestLabException when the lab has no host or no verified SSH access
   */
  public HostCommands hostCommands(String labId, ProviderSettings overrides) {
    LabRecord rec = ctx.store().load(labId);
    return HostShell.open(ctx, ctx.open(rec, overrides), rec);
  }

  /** The default store: files under {@code ~/.nestlab/labs}. */
  public static LabStore defaultStore() {
    return FileLabStore.at(FileLabStore.defaultRoot());
  }

  /** Builds a {@link LabEngine}. */
  public static final class Builder {
    private final LabStore store;
    private ProviderResolver resolver = ProviderResolver.serviceLoader();
    private UserDataRenderer renderer = UserDataRenderer.standard();
    private LabKeySource keys = LabKeySource.ed25519();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.real();
    private final List<LabListener> listeners = new ArrayList<>();
    private String owner = System.getProperty("user.name", "unknown");
    private String credentialsPath;
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration stateTimeout = Duration.ofMinutes(10);
    private Duration bootstrapTimeout = Duration.ofMinutes(90);
    private Duration destroyTimeout = Duration.ofMinutes(15);
    private Duration guardLookahead = Duration.ofMinutes(10);
    private int maxAttempts = 8;
    private BlueprintStore blueprints;

    private Builder(LabStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    public Builder providers(ProviderResolver v) {
      resolver = Objects.requireNonNull(v);
      return this;
    }

    /**
     * The renderer of the hosts' user data; by default {@link UserDataRenderer#standard()}: the
     * full bootstrap on a real cloud, the minimal stand-in on the fake one.
     */
    public Builder userData(UserDataRenderer v) {
      renderer = Objects.requireNonNull(v);
      return this;
    }

    public Builder keys(LabKeySource v) {
      keys = Objects.requireNonNull(v);
      return this;
    }

    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v);
      return this;
    }

    public Builder sleeper(Sleeper v) {
      sleeper = Objects.requireNonNull(v);
      return this;
    }

    public Builder listener(LabListener v) {
      listeners.add(Objects.requireNonNull(v));
      return this;
    }

    public Builder owner(String v) {
      owner = Objects.requireNonNull(v);
      return this;
    }

    /**
     * Where the lab's credentials are on the L1 host; by default the provider's {@link
     * LabProvider#credentialsPath()} (the bootstrap's secrets file).
     */
    public Builder credentialsPath(String v) {
      credentialsPath = Objects.requireNonNull(v);
      return this;
    }

    public Builder pollInterval(Duration v) {
      pollInterval = Objects.requireNonNull(v);
      return this;
    }

    public Builder stateTimeout(Duration v) {
      stateTimeout = Objects.requireNonNull(v);
      return this;
    }

    public Builder bootstrapTimeout(Duration v) {
      bootstrapTimeout = Objects.requireNonNull(v);
      return this;
    }

    public Builder destroyTimeout(Duration v) {
      destroyTimeout = Objects.requireNonNull(v);
      return this;
    }

    /** How far ahead the budget guard projects: check interval plus the action's time. */
    public Builder guardLookahead(Duration v) {
      guardLookahead = Objects.requireNonNull(v);
      return this;
    }

    public Builder maxAttempts(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      maxAttempts = v;
      return this;
    }

    /** Where blueprint records are kept; by default {@link BlueprintStore#beside} the lab store. */
    public Builder blueprints(BlueprintStore v) {
      blueprints = Objects.requireNonNull(v);
      return this;
    }

    public LabEngine build() {
      return new LabEngine(
          new EngineContext(
              store,
              resolver,
              renderer,
              keys,
              clock,
              sleeper,
              new Listeners(listeners),
              owner,
              credentialsPath,
              new EngineContext.Timings(
                  pollInterval,
                  stateTimeout,
                  bootstrapTimeout,
                  destroyTimeout,
                  guardLookahead,
                  maxAttempts)),
          blueprints != null ? blueprints : BlueprintStore.beside(store));
    }
  }
}
