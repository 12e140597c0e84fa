package io.nestlab.engine.internal.blueprint;

import io.nestlab.NestLabException;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.engine.internal.wait.DeleteUntilGone;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.BlueprintStore;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.util.List;
import java.util.Optional;

/**
 * Ends a save that a crash interrupted when its lab is destroyed instead of resumed: the snapshot
 * of a save that never recorded its blueprint is deleted (found by the save's key tag even when the
 * crash came before the journal knew its id); a recorded blueprint is kept.
 */
public final class SaveCleanup {
  private final EngineContext ctx;
  private final BlueprintStore blueprints;

  public SaveCleanup(EngineContext ctx, BlueprintStore blueprints) {
    this.ctx = ctx;
    this.blueprints = blueprints;
  }

  /** Before lab {@code labId} is destroyed: abandons its unfinished save, if it has one. */
  public void beforeDestroy(String labId, ProviderSettings overrides) {
    try (LabStore.LabLock lock = ctx.store().lock(labId)) {
      LabRun run = LabRun.of(ctx, lock, ctx.store().load(labId));
      Optional<JournalEntry> begin = Saves.unfinished(run.record());
      if (begin.isEmpty()) {
        return;
      }
      try (LabProvider provider = ctx.open(run.record(), overrides)) {
        deleteUnrecordedSnapshot(ctx, run.record(), begin.get(), provider, blueprints);
      }
      run.fail(
          LabStep.SAVE,
          new NestLabException(
              "save of blueprint "
                  + begin.get().data().get(Saves.NAME)
                  + " abandoned: the lab is being destroyed"));
    }
  }

  /** Deletes the save's snapshot (and waits until gone) unless its blueprint was recorded. */
  static void deleteUnrecordedSnapshot(
      EngineContext ctx,
      LabRecord rec,
      JournalEntry begin,
      LabProvider provider,
      BlueprintStore blueprints) {
    String name = begin.data().get(Saves.NAME);
    String key = LabTags.sanitize(begin.data().get(Saves.KEY));
    Optional<String> journaled =
        Saves.since(rec, begin, LabStep.SNAPSHOT)
            .filter(e -> e.phase() == JournalEntry.Phase.END)
            .map(e -> e.data().get(Saves.SNAPSHOT_ID));
    // The blueprint is recorded only after the snapshot's id was journaled.
    Optional<String> recorded =
        journaled.flatMap(id -> blueprints.find(name).map(b -> b.snapshotId()).filter(id::equals));
    if (recorded.isPresent()) {
      return;
    }
    new DeleteUntilGone(ctx, provider, ctx.timings().destroyTimeout())
        .run(
            () -> mine(provider, name, key, journaled),
            left -> {},
            "snapshot of the unfinished save of blueprint " + name,
            "; delete it with 'nestlab blueprints delete " + name + "'");
  }

  private static List<OwnedResource> mine(
      LabProvider provider, String name, String key, Optional<String> journaled) {
    return provider.listOwned(BlueprintTags.filter(name)).stream()
        .filter(
            r ->
                key.equals(r.tags().get(BlueprintTags.SAVE_KEY))
                    || journaled.map(id -> id.equals(r.id())).orElse(false))
        .toList();
  }
}
