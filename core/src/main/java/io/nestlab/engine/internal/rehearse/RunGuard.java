package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLabException;
import io.nestlab.engine.Checkpoint;
import io.nestlab.engine.LabStep;
import io.nestlab.state.JournalEntry;
import java.util.Optional;

/**
 * Keeps checkpoint verbs away from a rehearsal that owns the lab (design 0171): while a run is
 * running on the host, or was interrupted there (its program killed, the host rebooted: an
 * installer or a host's upgrade it started may still be running), a checkpoint, rollback or delete
 * could capture or revert disks under it. The lab's journal says a run began; the host says how it
 * stands. A run that ended unfollowed is settled into the journal first.
 */
final class RunGuard {
  /** Where the lab's last rehearsal stands, once settled. */
  enum Run {
    /** No rehearsal, or one that ended (succeeded, failed, abandoned). */
    ENDED,
    /** Paused after a step; it still needs its checkpoint. */
    PAUSED,
    /** Its program stopped in a step; {@code nestlab resume} redoes it. */
    INTERRUPTED
  }

  private RunGuard() {}

  /**
   * Refuses {@code what} while a rehearsal runs, and while one is interrupted unless {@code force};
   * returns where the last one stands.
   */
  static Run check(RehearsalJournal run, RehearsalHost host, String what, boolean force) {
    JsonNode status = host.status();
    String state = status.path(Rehearsals.STATE).asText("none");
    String labId = run.labId();
    if (state.equals("running")) {
      throw new NestLabException(
          "a rehearsal is running on lab "
              + labId
              + stepOf(status)
              + "; "
              + what
              + " waits until it ends or pauses: follow it with 'nestlab resume "
              + labId
              + "', or see 'nestlab report "
              + labId
              + "'");
    }
    // an interrupted run given up by 'rollback --force' stays so on the host: it is over here
    Optional<String> interrupted = abandoned(run) ? Optional.empty() : interruptedStep(status);
    if (run.rehearsalBegun() && !state.equals("none")) {
      Rehearsals.keep(run, host.report()); // ended while nobody followed it
    }
    if (interrupted.isPresent() && !force) {
      throw new NestLabException(
          "lab "
              + labId
              + "'s rehearsal was interrupted in step "
              + interrupted.get()
              + ": its program on the host stopped (killed, or the host rebooted), and an installer"
              + " or host upgrade it started may still be running, so "
              + what
              + " now could capture or revert disks under it. Run 'nestlab resume "
              + labId
              + "' to redo that step and follow the rehearsal to its end, or give it up with"
              + " 'nestlab rollback "
              + labId
              + " --force', which first stops what the run left running on the host");
    }
    if (interrupted.isPresent()) {
      return Run.INTERRUPTED;
    }
    return state.equals("paused") && Rehearsals.pending(run.record()) ? Run.PAUSED : Run.ENDED;
  }

  private static boolean abandoned(RehearsalJournal run) {
    return run.lastRehearsal()
        .map(
            e ->
                e.phase() == JournalEntry.Phase.END
                    && Rehearsals.ABANDONED.equals(e.data().get(Rehearsals.STATE)))
        .orElse(false);
  }

  /** The checkpoint the lab's last rehearsal rolls back to. */
  static String checkpointOf(RehearsalJournal run) {
    for (int i = run.record().journal().size() - 1; i >= 0; i--) {
      JournalEntry e = run.record().journal().get(i);
      if (e.step().equals(LabStep.REHEARSAL.wire())
          && e.phase() == JournalEntry.Phase.BEGIN
          && e.data().containsKey(Rehearsals.CHECKPOINT)) {
        return e.data().get(Rehearsals.CHECKPOINT);
      }
    }
    return Checkpoint.DEFAULT_NAME;
  }

  /** The step of a {@code failed} status whose program stopped in it (still {@code running}). */
  static Optional<String> interruptedStep(JsonNode status) {
    if (!"failed".equals(status.path(Rehearsals.STATE).asText())) {
      return Optional.empty();
    }
    for (JsonNode s : status.path("steps")) {
      if ("running".equals(s.path(Rehearsals.STATE).asText())) {
        return Optional.of(s.path("id").asText());
      }
    }
    return Optional.empty();
  }

  private static String stepOf(JsonNode status) {
    String step = status.path("step").asText(null);
    return step == null ? "" : " (step " + step + ")";
  }
}
