package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLabException;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.RehearsalReport;
import io.nestlab.engine.internal.EngineContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows a rehearsal on the lab's host (design 0121): polls {@code status} every poll interval
 * under each step's deadline, reports each step's end and the running one's progress, and at the
 * end keeps the host's report in the lab's journal.
 */
final class RehearsalFollower {
  static final Duration PROGRESS_EVERY = Duration.ofMinutes(1);

  private final EngineContext ctx;
  private final RehearsalJournal run;
  private final RehearsalHost host;
  private final List<String> steps;
  private final Set<String> told = new HashSet<>();
  private final Instant began;
  private String step;
  private Instant stepSeen;
  private Instant lastLine;

  RehearsalFollower(EngineContext ctx, RehearsalJournal run, RehearsalHost host) {
    this.ctx = ctx;
    this.run = run;
    this.host = host;
    this.steps = RehearsalConfig.steps(run.record().spec());
    this.began = ctx.clock().instant();
    this.stepSeen = began;
    this.lastLine = began;
  }

  /** Follows the run to its end or pause, and returns (and keeps) its report. */
  RehearsalReport follow() {
    while (true) {
      JsonNode status = host.status();
      String state = status.path(Rehearsals.STATE).asText("none");
      Instant now = ctx.clock().instant();
      tellEnded(status);
      if (!state.equals("running")) {
        return Rehearsals.keep(run, host.report());
      }
      progress(status.path("step").asText(null), now);
      ctx.sleeper().sleep(ctx.timings().pollInterval());
    }
  }

  /** Every step's end, once, from the {@code steps} list (a fast run still shows every step). */
  private void tellEnded(JsonNode status) {
    for (JsonNode s : status.path("steps")) {
      String id = s.path("id").asText();
      String st = s.path(Rehearsals.STATE).asText();
      if ((st.equals("done") || st.equals("failed")) && told.add(id)) {
        run.info(LabStep.REHEARSAL, phase(id) + ": " + st + took(s));
      }
    }
  }

  /** The running step when it changes and at most once a minute; past its deadline, an error. */
  private void progress(String current, Instant now) {
    boolean changed = current != null && !current.equals(step);
    if (changed) {
      step = current;
      stepSeen = now;
    }
    if (step == null) {
      return;
    }
    Duration inStep = Duration.between(stepSeen, now);
    if (inStep.compareTo(RehearsalTimes.deadline(step)) > 0) {
      throw pastDeadline(run.labId(), step, inStep);
    }
    if (changed || Duration.between(lastLine, now).compareTo(PROGRESS_EVERY) >= 0) {
      lastLine = now;
      run.info(
          LabStep.REHEARSAL,
          phase(step)
              + ": running, elapsed "
              + human(Duration.between(began, now))
              + ", ETA "
              + human(RehearsalTimes.eta(steps, step, inStep)));
    }
  }

  /** {@code vcenter}, or {@code esx-01 (host esx-01)} for a host's step. */
  private String phase(String id) {
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
    } catch (DateTimeParseException e) {
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
}
