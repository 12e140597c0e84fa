package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLabException;
import io.nestlab.engine.Checkpoint;
import io.nestlab.engine.LabEvent;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.RehearsalOptions;
import io.nestlab.engine.RehearsalReport;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.HostShell;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.spi.HostCommands;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabLockedException;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The upgrade rehearsal's operations (design 0120, 0121): checkpoints and rollbacks of a ready lab,
 * starting, continuing and following a rehearsal on the lab's host, and its report kept in the
 * lab's journal (step {@code rehearsal}), so every lab store keeps it.
 */
public final class Rehearsals {
  static final String STATE = "state";
  static final String REPORT = "report";
  static final Duration PROGRESS_EVERY = Duration.ofMinutes(1);
  static final int LOCK_ATTEMPTS = 10;

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
          configIfAny(run.record(), host, n);
          run.begin(LabStep.CHECKPOINT, Map.of("name", n));
          JsonNode j;
          try {
            j = host.checkpointCreate(n);
          } catch (RuntimeException e) {
            run.fail(LabStep.CHECKPOINT, e);
            throw e;
          }
          Checkpoint c = checkpointOf(j);
          run.end(LabStep.CHECKPOINT, Map.of("name", n), "checkpoint " + n + " written");
          return c;
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

  /** Returns the lab to checkpoint {@code name} and waits until vCenter and every host answer. */
  public LabRecord rollback(String labId, String name, ProviderSettings overrides) {
    String n = RehearsalHost.checkName(name == null ? Checkpoint.DEFAULT_NAME : name);
    return onHost(
        labId,
        overrides,
        (run, host) -> {
          run.begin(LabStep.ROLLBACK, Map.of("name", n));
          try {
            host.checkpointRollback(n);
          } catch (RuntimeException e) {
            run.fail(LabStep.ROLLBACK, e);
            throw e;
          }
          run.end(LabStep.ROLLBACK, Map.of("name", n), "lab back at checkpoint " + n);
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
          String state = host.status().path(STATE).asText("none");
          if (state.equals("running")) {
            throw new NestLabException(
                "a rehearsal is already running on lab "
                    + labId
                    + "; follow it with 'nestlab resume "
                    + labId
                    + "' or see 'nestlab report "
                    + labId
                    + "'");
          }
          host.writeConfig(RehearsalConfig.render(run.record(), options, Checkpoint.DEFAULT_NAME));
          Map<String, String> data = new LinkedHashMap<>();
          data.put("dryRun", Boolean.toString(options.dryRun()));
          if (options.stopAfter() != null) {
            data.put("stopAfter", options.stopAfter());
          }
          run.begin(LabStep.REHEARSAL, data);
          try {
            host.start();
          } catch (RuntimeException e) {
            run.fail(LabStep.REHEARSAL, e);
            throw e;
          }
          return follow(run, host);
        });
  }

  /** Whether {@code rec}'s lab has a rehearsal begun and not ended, or paused. */
  public static boolean pending(LabRecord rec) {
    Optional<JournalEntry> last = rec.lastOf(LabStep.REHEARSAL.wire());
    return last.isPresent()
        && (last.get().phase() == JournalEntry.Phase.BEGIN
            || (last.get().phase() == JournalEntry.Phase.END
                && "paused".equals(last.get().data().get(STATE))));
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
          if (!run.record()
              .lastOf(LabStep.REHEARSAL.wire())
              .map(e -> e.phase() == JournalEntry.Phase.BEGIN)
              .orElse(false)) {
            run.begin(LabStep.REHEARSAL, Map.of("resumed", "true"));
          }
          if (state.equals("paused") || state.equals("failed")) {
            host.resume();
          }
          return follow(run, host);
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
          (run, host) -> new RehearsalReport(labId, HostJson.write(host.report())));
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

  private RehearsalReport follow(Journal run, RehearsalHost host) {
    List<String> steps = RehearsalConfig.steps(run.record().spec());
    Instant began = ctx.clock().instant();
    Set<String> told = new HashSet<>();
    String step = null;
    Instant stepSeen = began;
    Instant lastLine = began;
    while (true) {
      JsonNode status = host.status();
      String state = status.path(STATE).asText("none");
      Instant now = ctx.clock().instant();
      for (JsonNode s : status.path("steps")) {
        String id = s.path("id").asText();
        String st = s.path(STATE).asText();
        if ((st.equals("done") || st.equals("failed")) && told.add(id)) {
          run.info(LabStep.REHEARSAL, phase(steps, id) + ": " + st + took(s));
        }
      }
      if (!state.equals("running")) {
        JsonNode report = host.report();
        String json = HostJson.write(report);
        RehearsalReport r = new RehearsalReport(run.labId(), json);
        Map<String, String> data = Map.of(STATE, state, REPORT, json);
        run.end(
            LabStep.REHEARSAL,
            data,
            "rehearsal " + state + r.failure().map(f -> ": " + f).orElse(""));
        return r;
      }
      String current = status.path("step").asText(null);
      boolean changed = current != null && !current.equals(step);
      if (changed) {
        step = current;
        stepSeen = now;
      }
      if (step != null) {
        Duration inStep = Duration.between(stepSeen, now);
        if (inStep.compareTo(RehearsalTimes.deadline(step)) > 0) {
          throw pastDeadline(run.labId(), step, inStep);
        }
        if (changed || Duration.between(lastLine, now).compareTo(PROGRESS_EVERY) >= 0) {
          lastLine = now;
          run.info(
              LabStep.REHEARSAL,
              phase(steps, step)
                  + ": running, elapsed "
                  + human(Duration.between(began, now))
                  + ", ETA "
                  + human(RehearsalTimes.eta(steps, step, inStep)));
        }
      }
      ctx.sleeper().sleep(ctx.timings().pollInterval());
    }
  }

  /** {@code vcenter}, or {@code esx-01 (host esx-01)} for a host's step. */
  private static String phase(List<String> steps, String id) {
    int i = steps.indexOf(id);
    return id + (i > 2 && i < steps.size() - 2 ? " (host " + id + ")" : "");
  }

  private static String took(JsonNode step) {
    try {
      return " in "
          + human(
              Duration.between(
                  Instant.parse(step.path("started").asText()),
                  Instant.parse(step.path("ended").asText())));
    } catch (java.time.format.DateTimeParseException e) {
      return "";
    }
  }

  private static NestLabException pastDeadline(String labId, String step, Duration inStep) {
    return new NestLabException(
        "step "
            + step
            + " of lab "
            + labId
            + "'s rehearsal has run for "
            + inStep.toMinutes()
            + " minutes, past its deadline of "
            + RehearsalTimes.deadline(step).toMinutes()
            + "; it goes on on the host: see 'nestlab report "
            + labId
            + "', 'nestlab resume "
            + labId
            + "' to follow it again, or 'nestlab rollback "
            + labId
            + "'");
  }

  private static String human(Duration d) {
    long m = d.toMinutes();
    return m >= 60 ? (m / 60) + "h " + (m % 60) + "m" : m > 0 ? m + "m" : d.toSeconds() + "s";
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
    T apply(Journal run, RehearsalHost host);
  }

  /**
   * The lab's journal, written under the lab's lock taken for each entry only: a rehearsal is
   * followed for hours, and meanwhile {@code status}, {@code watch}'s guards, lease renewals and
   * {@code down} must still get the lock.
   */
  private final class Journal {
    private final String labId;
    private LabRecord record;

    Journal(LabRecord record) {
      this.labId = record.labId();
      this.record = record;
    }

    String labId() {
      return labId;
    }

    LabRecord record() {
      return record;
    }

    void begin(LabStep step, Map<String, String> data) {
      write(r -> r.begin(step, data));
    }

    void end(LabStep step, Map<String, String> data, String detail) {
      write(r -> r.end(step, data, detail));
    }

    void fail(LabStep step, Throwable e) {
      write(r -> r.fail(step, e));
    }

    void info(LabStep step, String detail) {
      ctx.listeners()
          .fire(
              new LabEvent(
                  labId, step.wire(), LabEvent.Kind.INFO, ctx.clock().instant(), detail, null));
    }

    private void write(java.util.function.Consumer<LabRun> change) {
      try (LabStore.LabLock lock = lockOf(labId)) {
        LabRun run = LabRun.of(ctx, lock, ctx.store().load(labId));
        change.accept(run);
        record = run.record();
      }
    }
  }

  /**
   * The lab's lock; another process (a {@code status}, {@code watch}) holds it for moments, so a
   * few tries a poll interval apart before giving up.
   */
  private LabStore.LabLock lockOf(String labId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return ctx.store().lock(labId);
      } catch (LabLockedException e) {
        if (attempt >= LOCK_ATTEMPTS) {
          throw e;
        }
        ctx.sleeper().sleep(ctx.timings().pollInterval());
      }
    }
  }

  private <T> T onHost(String labId, ProviderSettings overrides, HostOp<T> op) {
    LabRecord rec = ctx.store().load(labId);
    if (rec.status() != LabStatus.READY) {
      throw new NestLabException(
          "lab "
              + labId
              + " is "
              + rec.status().name().toLowerCase(java.util.Locale.ROOT)
              + ", not ready; a rehearsal, checkpoint or rollback needs a ready lab ('nestlab"
              + " start "
              + labId
              + "' or 'nestlab resume "
              + labId
              + "')");
    }
    try (LabProvider provider = ctx.open(rec, overrides);
        HostCommands commands = HostShell.open(ctx, provider, rec)) {
      return op.apply(new Journal(rec), new RehearsalHost(commands));
    }
  }
}
