package io.nestlab.engine.internal.blueprint;

import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.state.Blueprint;
import io.nestlab.state.BlueprintStore;
import java.util.List;

/** Keeps the records here in step with what a sweep deleted from the cloud. */
public final class BlueprintRecords {
  private BlueprintRecords() {}

  /** Forgets the recorded blueprints whose snapshot is among {@code deleted}. */
  public static void forgetDeleted(BlueprintStore store, List<OwnedResource> deleted) {
    for (OwnedResource r : deleted) {
      String name = r.tags().get(BlueprintTags.BLUEPRINT);
      if (name == null) {
        continue;
      }
      try {
        store
            .find(name)
            .filter(b -> b.snapshotId().equals(r.id()) || b.copies().containsValue(r.id()))
            .map(Blueprint::name)
            .ifPresent(store::remove);
      } catch (RuntimeException e) {
        // a name the store cannot hold was never recorded here
      }
    }
  }
}
