package io.nestlab.engine.internal;

import io.nestlab.engine.LabEvent;
import io.nestlab.engine.LabStep;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.JournalEntry.Phase;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.util.Map;
import java.util.Optional;

/**
 * One operation on one lab, under its lock: the current record, saved at every change, and the one
 * writer of the lab's journal. Every journal entry is also an event to the listeners.
 */
public final class LabRun {
  private final EngineContext ctx;
  private LabRecord record;
  private LabStep current;

  private LabRun(EngineContext ctx, LabRecord record) {
    this.ctx = ctx;
    this.record = record;
  }

  /** A run of the lab {@code lock} holds. */
  public static LabRun of(EngineContext ctx, LabStore.LabLock lock, LabRecord record) {
    if (!lock.labId().equals(record.labId())) {
      throw new IllegalStateException("lock of " + lock.labId() + " used for " + record.labId());
    }
    return new LabRun(ctx, record);
  }

  public LabRecord record() {
    return record;
  }

  public String labId() {
    return record.labId();
  }

  /** The step begun and not yet ended or failed; empty between steps. */
  public Optional<LabStep> current() {
    return Optional.ofNullable(current);
  }

  public boolean ended(LabStep step) {
    return record.ended(step.wire());
  }

  public Optional<JournalEntry> lastOf(LabStep step) {
    return record.lastOf(step.wire());
  }

  /** Saves the record {@code b} builds. */
  public void update(LabRecord.Builder b) {
    record = b.build();
    ctx.store().save(record);
  }

  public void begin(LabStep step, Map<String, String> data) {
    current = step;
    update(record.toBuilder().journal(ctx.clock().instant(), step.wire(), Phase.BEGIN, data, null));
    fire(step.wire(), LabEvent.Kind.START, "", null);
  }

  /**
   * Begins a new lab's first step with its first record saved through {@link LabStore#admit}, so
   * that the record is written only when the lab fits its owner's and team's budgets.
   */
  public void beginAdmitted(LabStep step, Map<String, String> data, LabStore.Admission admission) {
    LabRecord first =
        record.toBuilder()
            .journal(ctx.clock().instant(), step.wire(), Phase.BEGIN, data, null)
            .build();
    ctx.store().admit(first, admission);
    record = first;
    current = step;
    fire(step.wire(), LabEvent.Kind.START, "", null);
  }

  public void end(LabStep step, Map<String, String> data, String detail) {
    update(record.toBuilder().journal(ctx.clock().instant(), step.wire(), Phase.END, data, null));
    fire(step.wire(), LabEvent.Kind.END, detail, null);
    current = null;
  }

  public void fail(LabStep step, Throwable e) {
    String why = Messages.of(e);
    update(
        record.toBuilder()
            .journal(ctx.clock().instant(), step.wire(), Phase.FAILED, Map.of(), why));
    fire(step.wire(), LabEvent.Kind.FAILURE, why, e);
    current = null;
  }

  /** An event only (not journaled), for a step or a topic such as {@code lease}. */
  public void info(String step, String detail) {
    fire(step, LabEvent.Kind.INFO, detail, null);
  }

  public void info(LabStep step, String detail) {
    info(step.wire(), detail);
  }

  private void fire(String step, LabEvent.Kind kind, String detail, Throwable e) {
    ctx.listeners().fire(new LabEvent(labId(), step, kind, ctx.clock().instant(), detail, e));
  }
}
