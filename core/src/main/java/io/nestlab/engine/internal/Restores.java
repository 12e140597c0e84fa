package io.nestlab.engine.internal;

import io.nestlab.engine.LabStep;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import java.util.Optional;

/**
 * Whether a lab is created from a blueprint: its {@code create} step's first entry names the
 * blueprint and the snapshot its data disk comes from (docs/design/0132), so a resumed creation
 * launches and renders exactly as the first run would have.
 */
public final class Restores {
  /** In the {@code create} step's begin data: the blueprint's name. */
  public static final String BLUEPRINT = "blueprint";

  /** In the {@code create} step's begin data: the snapshot of the data disk. */
  public static final String SNAPSHOT = "blueprintSnapshot";

  private Restores() {}

  /** The snapshot the lab's data disk is created from; empty for a lab built from installers. */
  public static Optional<String> snapshotOf(LabRecord rec) {
    return firstCreate(rec).map(e -> e.data().get(SNAPSHOT));
  }

  /** The blueprint the lab was created from; empty for a lab built from installers. */
  public static Optional<String> blueprintOf(LabRecord rec) {
    return firstCreate(rec).map(e -> e.data().get(BLUEPRINT));
  }

  private static Optional<JournalEntry> firstCreate(LabRecord rec) {
    return rec.journal().stream()
        .filter(
            e -> e.step().equals(LabStep.CREATE.wire()) && e.phase() == JournalEntry.Phase.BEGIN)
        .findFirst();
  }
}
