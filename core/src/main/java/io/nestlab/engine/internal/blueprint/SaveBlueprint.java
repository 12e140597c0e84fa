package io.nestlab.engine.internal.blueprint;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLab;
import io.nestlab.NestLabException;
import io.nestlab.NestLabTimeoutException;
import io.nestlab.cost.Money;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.SaveOptions;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.HostRequests;
import io.nestlab.engine.internal.HostShell;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.engine.internal.Messages;
import io.nestlab.engine.internal.op.PowerCycle;
import io.nestlab.internal.io.Json;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostCommands;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.Blueprint;
import io.nestlab.state.BlueprintStore;
import io.nestlab.state.FileBlueprintStore;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Saves a ready lab as a blueprint (docs/design/0130): shuts the nested lab down with the host
 * program {@code nestlab-lab-power}, snapshots the host's data disk under the save's idempotency
 * key, waits for the snapshot, records the blueprint, then starts the nested lab again or stops the
 * host. Every step is journaled on the lab, so {@code resume} finishes a save a crash interrupted
 * and {@code down} deletes the snapshot of a save that never recorded its blueprint.
 */
public final class SaveBlueprint {
  /** The host program that powers the nested lab (docs/design/0130). */
  public static final String LAB_POWER = "/usr/local/sbin/nestlab-lab-power";

  /** How long a clean shutdown or start of the nested lab may take. */
  static final Duration LAB_POWER_TIMEOUT = Duration.ofMinutes(20);

  private final EngineContext ctx;
  private final BlueprintStore blueprints;

  public SaveBlueprint(EngineContext ctx, BlueprintStore blueprints) {
    this.ctx = ctx;
    this.blueprints = blueprints;
  }

  /** Saves lab {@code labId} as blueprint {@code name}. */
  public Blueprint save(
      String labId, String name, SaveOptions options, ProviderSettings overrides) {
    FileBlueprintStore.requireName(name);
    try (LabStore.LabLock lock = ctx.store().lock(labId)) {
      LabRun run = LabRun.of(ctx, lock, ctx.store().load(labId));
      LabRecord rec = run.record();
      Optional<JournalEntry> open = Saves.unfinished(rec);
      if (open.isPresent()) {
        throw new LabStateException(
            "lab "
                + labId
                + " has an unfinished save of blueprint "
                + open.get().data().get(Saves.NAME)
                + "; 'nestlab resume "
                + labId
                + "' finishes it");
      }
      if (rec.status() != LabStatus.READY || rec.host() == null) {
        throw new LabStateException(
            "cannot save lab "
                + labId
                + ": it is "
                + rec.status().name().toLowerCase(Locale.ROOT)
                + "; a blueprint is saved from a ready lab"
                + (rec.status() == LabStatus.STOPPED
                    ? " ('nestlab start " + labId + "' first)"
                    : ""));
      }
      blueprints
          .find(name)
          .ifPresent(
              b -> {
                throw new LabStateException(
                    "blueprint "
                        + name
                        + " exists (saved from lab "
                        + b.sourceLab()
                        + " at "
                        + b.created()
                        + "); choose another name, or delete it: nestlab blueprints delete "
                        + name);
              });
      Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
      Map<String, String> data = new LinkedHashMap<>();
      data.put(Saves.NAME, name);
      data.put(
          Saves.KEY,
          HostRequests.idempotencyKey(labId, "save/" + name + "/" + now.getEpochSecond()));
      data.put(Saves.STOP_AFTER, String.valueOf(options.stopAfter()));
      data.put(Saves.CREATED, LabTags.formatTime(now));
      data.put(Saves.EXPIRES, LabTags.formatTime(now.plus(options.keepFor())));
      data.put("readyTimeout", String.valueOf(options.readyTimeout().toSeconds()));
      run.begin(LabStep.SAVE, data);
      return drive(run, overrides);
    }
  }

  /** Finishes the lab's unfinished save; see {@code LabEngine.resume}. */
  public Blueprint resume(String labId, ProviderSettings overrides) {
    try (LabStore.LabLock lock = ctx.store().lock(labId)) {
      LabRun run = LabRun.of(ctx, lock, ctx.store().load(labId));
      if (Saves.unfinished(run.record()).isEmpty()) {
        throw new LabStateException("lab " + labId + " has no unfinished save");
      }
      return drive(run, overrides);
    }
  }

  private Blueprint drive(LabRun run, ProviderSettings overrides) {
    JournalEntry begin = Saves.unfinished(run.record()).orElseThrow();
    Map<String, String> data = begin.data();
    String name = data.get(Saves.NAME);
    try (LabProvider provider = ctx.open(run.record(), overrides)) {
      try {
        if (!Saves.endedSince(run.record(), begin, LabStep.LAB_SHUTDOWN)
            && !Saves.endedSince(run.record(), begin, LabStep.SNAPSHOT)) {
          labPower(run, provider, LabStep.LAB_SHUTDOWN, "shutdown", "stopped");
        }
        String id =
            Saves.since(run.record(), begin, LabStep.SNAPSHOT)
                .filter(e -> e.phase() == JournalEntry.Phase.END)
                .map(e -> e.data().get(Saves.SNAPSHOT_ID))
                .orElseGet(() -> snapshot(run, provider, begin));
        DiskSnapshot ready = awaitReady(run, provider, begin, id);
        Blueprint bp =
            blueprints
                .find(name)
                .filter(b -> b.snapshotId().equals(id))
                .orElseGet(() -> record(run.record(), begin, ready));
        if (Boolean.parseBoolean(data.get(Saves.STOP_AFTER))) {
          new PowerCycle(ctx).stopWithin(run, provider);
        } else {
          labPower(run, provider, LabStep.LAB_START, "start", "running");
        }
        run.end(
            LabStep.SAVE,
            Map.of(Saves.SNAPSHOT_ID, id),
            "blueprint "
                + name
                + " saved: snapshot "
                + id
                + " ("
                + bp.sizeGib()
                + " GiB"
                + (bp.storageUsdPerMonth() == null
                    ? ""
                    : ", " + Money.usd(bp.storageUsdPerMonth()) + "/month")
                + ")");
        return bp;
      } catch (RuntimeException e) {
        abandon(run, provider, begin, e);
        throw e;
      }
    }
  }

  private void labPower(
      LabRun run, LabProvider provider, LabStep step, String action, String want) {
    run.begin(step, Map.of());
    try (HostCommands host = HostShell.open(ctx, provider, run.record())) {
      HostCommands.Result r = host.run(LAB_POWER + " " + action, LAB_POWER_TIMEOUT);
      JsonNode doc = parse(r.stdout());
      if (!r.succeeded() || !want.equals(doc.path("state").asText())) {
        String why = doc.path("error").asText("");
        throw new NestLabException(
            "nestlab-lab-power "
                + action
                + " on lab "
                + run.labId()
                + " failed (exit "
                + r.exitStatus()
                + (why.isEmpty() ? "" : ": " + why)
                + "); the lab's host logs it in /var/log/nestlab/lab-power.log");
      }
      run.end(step, Map.of("vms", String.valueOf(doc.path("vms").size())), "nested lab " + want);
    } catch (RuntimeException e) {
      run.fail(step, e);
      throw e;
    }
  }

  private static JsonNode parse(String stdout) {
    try {
      JsonNode n = Json.mapper().readTree(stdout == null || stdout.isBlank() ? "{}" : stdout);
      return n == null ? Json.mapper().createObjectNode() : n;
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    }
  }

  private String snapshot(LabRun run, LabProvider provider, JournalEntry begin) {
    Map<String, String> data = begin.data();
    String key = data.get(Saves.KEY);
    run.begin(LabStep.SNAPSHOT, Map.of(Saves.KEY, key));
    try {
      DiskSnapshot s =
          ctx.retrier(ctx.timings().stateTimeout())
              .call(
                  () ->
                      provider.snapshotDataDisk(
                          run.record().host(),
                          data.get(Saves.NAME),
                          tags(run.record(), begin),
                          key));
      run.end(
          LabStep.SNAPSHOT,
          Map.of(Saves.SNAPSHOT_ID, s.id()),
          "snapshot " + s.id() + " of the data disk (" + s.sizeGib() + " GiB) started");
      return s.id();
    } catch (RuntimeException e) {
      run.fail(LabStep.SNAPSHOT, e);
      throw e;
    }
  }

  /** The snapshot's tags: the blueprint's, with the save's key; never a secret. */
  static Map<String, String> tags(LabRecord rec, JournalEntry begin) {
    Map<String, String> d = begin.data();
    return new BlueprintTags(
            d.get(Saves.NAME),
            rec.owner(),
            LabTags.parseTime(d.get(Saves.CREATED)),
            LabTags.parseTime(d.get(Saves.EXPIRES)),
            NestLab.version(),
            Saves.specHash(rec.spec()),
            rec.labId(),
            d.get(Saves.KEY))
        .toMap();
  }

  private DiskSnapshot awaitReady(LabRun run, LabProvider provider, JournalEntry begin, String id) {
    String region = run.record().region();
    if (Saves.endedSince(run.record(), begin, LabStep.SNAPSHOT_READY)) {
      return ctx.retrier(ctx.timings().stateTimeout())
          .call(() -> provider.describeSnapshot(region, id));
    }
    run.begin(LabStep.SNAPSHOT_READY, Map.of(Saves.SNAPSHOT_ID, id));
    try {
      Duration timeout =
          Duration.ofSeconds(
              Long.parseLong(begin.data().getOrDefault("readyTimeout", String.valueOf(7200))));
      DiskSnapshot s = await(run, provider, region, id, timeout);
      run.end(LabStep.SNAPSHOT_READY, Map.of(), "snapshot " + id + " complete");
      return s;
    } catch (RuntimeException e) {
      run.fail(LabStep.SNAPSHOT_READY, e);
      throw e;
    }
  }

  /** Polls the snapshot until READY within {@code timeout}, reporting each change of state. */
  static DiskSnapshot await(
      EngineContext ctx,
      LabProvider provider,
      String region,
      String id,
      Duration timeout,
      java.util.function.Consumer<String> progress) {
    Instant deadline = ctx.clock().instant().plus(timeout);
    Instant started = ctx.clock().instant();
    DiskSnapshot.State last = null;
    while (true) {
      DiskSnapshot s =
          ctx.retrier(ctx.timings().stateTimeout())
              .call(() -> provider.describeSnapshot(region, id));
      if (s.state() != last) {
        last = s.state();
        progress.accept(
            "snapshot "
                + id
                + " is "
                + last.name().toLowerCase(Locale.ROOT)
                + " after "
                + Duration.between(started, ctx.clock().instant()).toSeconds()
                + " s");
      }
      switch (s.state()) {
        case READY -> {
          return s;
        }
        case FAILED ->
            throw new NestLabException(
                "the cloud could not complete snapshot " + id + "; save the lab again");
        default -> {
          // pending: wait
        }
      }
      if (ctx.clock().instant().isAfter(deadline)) {
        throw new NestLabTimeoutException("snapshot " + id + " to be complete", timeout);
      }
      ctx.sleeper().sleep(ctx.timings().pollInterval());
    }
  }

  private DiskSnapshot await(
      LabRun run, LabProvider provider, String region, String id, Duration timeout) {
    return await(ctx, provider, region, id, timeout, m -> run.info(LabStep.SNAPSHOT_READY, m));
  }

  private Blueprint record(LabRecord rec, JournalEntry begin, DiskSnapshot s) {
    Map<String, String> d = begin.data();
    long billed = s.storedGib() > 0 ? s.storedGib() : s.sizeGib();
    Blueprint bp =
        new Blueprint(
            d.get(Saves.NAME),
            rec.provider(),
            s.region() != null ? s.region() : rec.region(),
            s.id(),
            s.sizeGib(),
            s.storedGib(),
            rec.spec(),
            Saves.specHash(rec.spec()),
            rec.spec().esxi().version(),
            rec.spec().vcenterIfPresent().map(v -> v.version()).orElse(null),
            rec.labId(),
            rec.owner(),
            LabTags.parseTime(d.get(Saves.CREATED)),
            LabTags.parseTime(d.get(Saves.EXPIRES)),
            Saves.storagePerMonth(rec.provider(), rec.region(), billed)
                .map(Money::usd)
                .orElse(null),
            Map.of());
    blueprints.save(bp);
    return bp;
  }

  /**
   * A save that failed: deletes its snapshot unless the blueprint was recorded, starts the nested
   * lab again when it was shut down and the host still runs, and journals the failure.
   */
  private void abandon(LabRun run, LabProvider provider, JournalEntry begin, RuntimeException e) {
    try {
      SaveCleanup.deleteUnrecordedSnapshot(ctx, run.record(), begin, provider, blueprints);
    } catch (RuntimeException cleanup) {
      e.addSuppressed(cleanup);
    }
    if (Saves.endedSince(run.record(), begin, LabStep.LAB_SHUTDOWN)
        && !Saves.endedSince(run.record(), begin, LabStep.LAB_START)
        && run.record().status() == LabStatus.READY) {
      try (HostCommands host = HostShell.open(ctx, provider, run.record())) {
        host.run(LAB_POWER + " start", LAB_POWER_TIMEOUT);
      } catch (RuntimeException restart) {
        e.addSuppressed(restart);
      }
    }
    run.fail(LabStep.SAVE, e);
    run.update(run.record().toBuilder().lastError(Messages.of(e)));
  }
}
