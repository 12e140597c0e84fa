package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLabException;
import io.nestlab.engine.Checkpoint;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.RehearsalOptions;
import io.nestlab.engine.RehearsalReport;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.HostShell;
import io.nestlab.spi.HostCommands;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The upgrade rehearsal's operations (design 0120, 0121, 0171): checkpoints and rollbacks of a
 * ready lab, starting, continuing and following a rehearsal on the lab's host, and its report kept
 * in the lab's journal (step {@code rehearsal}), so every lab store keeps it.
 */
public final class Rehearsals {
  static final String STATE = "state";
  static final String REPORT = "report";
  static final String CHECKPOINT = "checkpoint";
  static final String ABANDONED = "abandoned";

  /** Journal states after which {@code nestlab resume} continues the rehearsal. */
  static final Set<String> RESUMABLE = Set.of("paused", "interrupted");

  private final EngineContext ctx;

  public Rehearsals(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** Writes checkpoint {@code name} of the whole lab on its host. */
  public Checkpoint checkpoint(String labId, String name, ProviderSettings overrides) {
    String n = RehearsalHost.checkName(name == null ? Checkpoint.DEFAULT_NAME : name);
    return onHost(
        labId,
        overrides,
        (run, host) -> {
          RunGuard.check(run, host, "a checkpoint", false);
          configIfAny(run.record(), host, n);
          Map<String, String> data = Map.of("name", n);
          return journaled(
              run,
              LabStep.CHECKPOINT,
              data,
              "checkpoint " + n + " written",
              () -> checkpointOf(host.checkpointCreate(n)));
        });
  }

  /** The lab's checkpoints, oldest first. */
  public List<Checkpoint> checkpoints(String labId, ProviderSettings overrides) {
    return onHost(
        labId,
        overrides,
        (run, host) -> {
          List<Checkpoint> list = new ArrayList<>();
          host.checkpointList().path("checkpoints").forEach(c -> list.add(checkpointOf(c)));
          return list;
        });
  }

  /**
   * Deletes checkpoint {@code name} from the lab's host; refused for the checkpoint a paused
   * rehearsal rolls back to.
   */
  public void deleteCheckpoint(String labId, String name, ProviderSettings overrides) {
    String n = RehearsalHost.checkName(name);
    onHost(
        labId,
        overrides,
        (run, host) -> {
          RunGuard.Run last = RunGuard.check(run, host, "deleting a checkpoint", false);
          if (last == RunGuard.Run.PAUSED && n.equals(RunGuard.checkpointOf(run))) {
            throw new NestLabException(
                "checkpoint "
                    + n
                    + " is the one lab "
                    + labId
                    + "'s paused rehearsal rolls back to; finish the rehearsal first ('nestlab"
                    + " resume "
                    + labId
                    + "') or roll back to it ('nestlab rollback "
                    + labId
                    + " --to "
                    + n
                    + "'), then delete it");
          }
          Map<String, String> data = Map.of("name", n, "deleted", "true");
          return journaled(
              run,
              LabStep.CHECKPOINT,
              data,
              "checkpoint " + n + " deleted",
              () -> host.checkpointDelete(n));
        });
  }

  /**
   * Returns the lab to checkpoint {@code name} and waits until vCenter and every host answer. A
   * paused rehearsal is given up by it; an interrupted one only with {@code force}.
   */
  public LabRecord rollback(String labId, String name, boolean force, ProviderSettings overrides) {
    String n = RehearsalHost.checkName(name == null ? Checkpoint.DEFAULT_NAME : name);
    return onHost(
        labId,
        overrides,
        (run, host) -> {
          RunGuard.Run last = RunGuard.check(run, host, "a rollback", force);
          journaled(
              run,
              LabStep.ROLLBACK,
              Map.of("name", n),
              "lab back at checkpoint " + n,
              () -> host.checkpointRollback(n, last == RunGuard.Run.INTERRUPTED));
          if (last != RunGuard.Run.ENDED) {
            run.end(
                LabStep.REHEARSAL,
                Map.of(STATE, ABANDONED),
                "the "
                    + last.name().toLowerCase(Locale.ROOT)
                    + " rehearsal is given up: the lab"
                    + " is back at checkpoint "
                    + n);
          }
          return run.record();
        });
  }

  /** Starts a rehearsal on the lab's host and follows it to its end (or pause). */
  public RehearsalReport rehearse(
      String labId, RehearsalOptions options, ProviderSettings overrides) {
    return onHost(
        labId,
        overrides,
        (run, host) -> {
          RunGuard.check(run, host, "a new rehearsal", false);
          RehearsalConfig.requireRehearsable(run.record());
          CpuFacts.require(run.record());
          host.writeConfig(RehearsalConfig.render(run.record(), options, Checkpoint.DEFAULT_NAME));
          Map<String, String> data = new LinkedHashMap<>();
          data.put("dryRun", Boolean.toString(options.dryRun()));
          if (options.stopAfter() != null) {
            data.put("stopAfter", options.stopAfter());
          }
          data.put(CHECKPOINT, Checkpoint.DEFAULT_NAME);
          run.begin(LabStep.REHEARSAL, data);
          try {
            host.start();
          } catch (RuntimeException e) {
            run.fail(LabStep.REHEARSAL, e);
            throw e;
          }
          return new RehearsalFollower(ctx, run, host).follow();
        });
  }

  /** Whether {@code rec}'s lab has a rehearsal begun and not ended, paused, or interrupted. */
  public static boolean pending(LabRecord rec) {
    Optional<JournalEntry> last = rec.lastOf(LabStep.REHEARSAL.wire());
    return last.isPresent()
        && (last.get().phase() == JournalEntry.Phase.BEGIN
            || (last.get().phase() == JournalEntry.Phase.END
                && RESUMABLE.contains(last.get().data().get(STATE))));
  }

  /**
   * Continues the lab's paused or interrupted rehearsal: resumes it on the host unless it runs
   * there already, then follows it.
   */
  public RehearsalReport continueRehearsal(String labId, ProviderSettings overrides) {
    return onHost(
        labId,
        overrides,
        (run, host) -> {
          String state = host.status().path(STATE).asText("none");
          if (state.equals("none")) {
            throw new NestLabException(
                "lab "
                    + labId
                    + " has no rehearsal to continue; start one: nestlab rehearse "
                    + labId);
          }
          if (!run.rehearsalBegun()) {
            run.begin(LabStep.REHEARSAL, Map.of("resumed", "true"));
          }
          if (state.equals("paused") || state.equals("failed")) {
            host.resume();
          }
          return new RehearsalFollower(ctx, run, host).follow();
        });
  }

  /**
   * The lab's last rehearsal report: read from the host while one is pending, else the one kept in
   * the lab's state.
   */
  public RehearsalReport report(String labId, ProviderSettings overrides) {
    LabRecord rec = ctx.store().load(labId);
    if (pending(rec) && rec.status() == LabStatus.READY) {
      return onHost(
          labId,
          overrides,
          (run, host) ->
              new RehearsalReport(
                  labId, HostJson.write(AtFailure.withObserved(host.report(), rec.spec()))));
    }
    return stored(rec)
        .orElseThrow(
            () ->
                new NestLabException(
                    "lab "
                        + labId
                        + " has no rehearsal report yet; run: nestlab rehearse "
                        + labId));
  }

  /** The report kept in {@code rec}'s journal, if any. */
  public static Optional<RehearsalReport> stored(LabRecord rec) {
    List<JournalEntry> journal = rec.journal();
    for (int i = journal.size() - 1; i >= 0; i--) {
      JournalEntry e = journal.get(i);
      if (e.step().equals(LabStep.REHEARSAL.wire()) && e.data().containsKey(REPORT)) {
        return Optional.of(new RehearsalReport(rec.labId(), e.data().get(REPORT)));
      }
    }
    return Optional.empty();
  }

  /**
   * Ends the journal's rehearsal with the host's {@code report} (what a failed run saw filled in):
   * state {@code interrupted} for a run whose program stopped in a step, else the report's.
   */
  static RehearsalReport keep(RehearsalJournal run, JsonNode report) {
    String json =
        HostJson.write(
            CpuFacts.withWarnings(
                AtFailure.withObserved(report, run.record().spec()), run.record()));
    RehearsalReport r = new RehearsalReport(run.labId(), json);
    String state = r.interrupted() ? "interrupted" : r.state();
    run.end(
        LabStep.REHEARSAL,
        Map.of(STATE, state, REPORT, json),
        "rehearsal " + state + r.failure().map(f -> ": " + f).orElse(""));
    return r;
  }

  /** Runs {@code op} between a BEGIN and an END (or FAILED) of {@code step} in the journal. */
  private static <T> T journaled(
      RehearsalJournal run, LabStep step, Map<String, String> data, String done, Supplier<T> op) {
    run.begin(step, data);
    T result;
    try {
      result = op.get();
    } catch (RuntimeException e) {
      run.fail(step, e);
      throw e;
    }
    run.end(step, data, done);
    return result;
  }

  private static void configIfAny(LabRecord rec, RehearsalHost host, String checkpoint) {
    if (rec.spec() != null && rec.spec().upgrade() != null && rec.spec().vcenter() != null) {
      host.writeConfig(RehearsalConfig.render(rec, RehearsalOptions.full(), checkpoint));
    }
  }

  private static Checkpoint checkpointOf(JsonNode j) {
    String created = j.path("created").asText(null);
    return new Checkpoint(
        j.path("name").asText(),
        created == null ? null : Instant.parse(created),
        j.path("bytes").asLong(0));
  }

  private interface HostOp<T> {
    T apply(RehearsalJournal run, RehearsalHost host);
  }

  private <T> T onHost(String labId, ProviderSettings overrides, HostOp<T> op) {
    LabRecord rec = ctx.store().load(labId);
    if (rec.status() != LabStatus.READY) {
      throw new NestLabException(
          "lab "
              + labId
              + " is "
              + rec.status().name().toLowerCase(Locale.ROOT)
              + ", not ready; a rehearsal, checkpoint or rollback needs a ready lab ('nestlab"
              + " start "
              + labId
              + "' or 'nestlab resume "
              + labId
              + "')");
    }
    try (LabProvider provider = ctx.open(rec, overrides);
        HostCommands commands = HostShell.open(ctx, provider, rec)) {
      return op.apply(new RehearsalJournal(ctx, rec), new RehearsalHost(commands));
    }
  }
}
