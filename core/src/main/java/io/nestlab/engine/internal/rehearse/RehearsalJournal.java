package io.nestlab.engine.internal.rehearse;

import io.nestlab.engine.LabEvent;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabLockedException;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A lab's journal as the rehearsal writes it: under the lab's lock taken for each entry only, since
 * a rehearsal is followed for hours and meanwhile {@code status}, {@code watch}'s guards, lease
 * renewals and {@code down} must still get the lock (design 0121).
 */
final class RehearsalJournal {
  static final int LOCK_ATTEMPTS = 10;

  private final EngineContext ctx;
  private final String labId;
  private LabRecord record;

  RehearsalJournal(EngineContext ctx, LabRecord record) {
    this.ctx = ctx;
    this.labId = record.labId();
    this.record = record;
  }

  String labId() {
    return labId;
  }

  LabRecord record() {
    return record;
  }

  /** The last {@code rehearsal} entry, if any. */
  Optional<JournalEntry> lastRehearsal() {
    return record.lastOf(LabStep.REHEARSAL.wire());
  }

  /** Whether the last {@code rehearsal} entry is a BEGIN: a run followed, then not to its end. */
  boolean rehearsalBegun() {
    return lastRehearsal().map(e -> e.phase() == JournalEntry.Phase.BEGIN).orElse(false);
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

  private void write(Consumer<LabRun> change) {
    try (LabStore.LabLock lock = lockOf(labId)) {
      LabRun run = LabRun.of(ctx, lock, ctx.store().load(labId));
      change.accept(run);
      record = run.record();
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
}
