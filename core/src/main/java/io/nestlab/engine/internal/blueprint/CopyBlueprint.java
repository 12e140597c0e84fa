package io.nestlab.engine.internal.blueprint;

import io.nestlab.NestLab;
import io.nestlab.engine.LabEvent;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.HostRequests;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.Blueprint;
import io.nestlab.state.BlueprintStore;
import java.util.Map;

/** Copies a blueprint into another region and records the copy (docs/design/0132). */
public final class CopyBlueprint {
  private final EngineContext ctx;
  private final BlueprintStore store;

  public CopyBlueprint(EngineContext ctx, BlueprintStore store) {
    this.ctx = ctx;
    this.store = store;
  }

  /**
   * Copies the blueprint's snapshot into {@code targetRegion} (encrypted, tagged as the
   * blueprint's, under an idempotency key, so a resumed copy makes no second one), waits until it
   * is complete and records it. Returns the blueprint with the copy.
   */
  public Blueprint copy(String name, String targetRegion, ProviderSettings settings) {
    Blueprint b = Saves.require(store, name);
    if (b.snapshotIn(targetRegion).isPresent()) {
      return b;
    }
    ProviderSettings s = settings.with(Map.of("region", targetRegion));
    String key = HostRequests.idempotencyKey(BlueprintTags.labTagOf(name), "copy/" + targetRegion);
    try (LabProvider p = ctx.resolver().open(b.provider(), s)) {
      DiskSnapshot source =
          ctx.retrier(ctx.timings().stateTimeout())
              .call(() -> p.describeSnapshot(b.region(), b.snapshotId()));
      Map<String, String> tags =
          new BlueprintTags(
                  name,
                  b.owner(),
                  b.created(),
                  b.expires(),
                  NestLab.version(),
                  b.specHash(),
                  b.sourceLab(),
                  key)
              .toMap();
      DiskSnapshot copy =
          ctx.retrier(ctx.timings().stateTimeout())
              .call(() -> p.copySnapshot(source, targetRegion, tags, key));
      fire(name, "copy of snapshot " + b.snapshotId() + " into " + targetRegion + ": " + copy.id());
      DiskSnapshot ready =
          SaveBlueprint.await(
              ctx,
              p,
              targetRegion,
              copy.id(),
              ctx.timings().bootstrapTimeout(),
              m -> fire(name, m));
      Blueprint withCopy = b.withCopy(targetRegion, ready.id());
      store.save(withCopy);
      return withCopy;
    }
  }

  private void fire(String name, String detail) {
    ctx.listeners()
        .fire(
            new LabEvent(
                BlueprintTags.labTagOf(name),
                "blueprint-copy",
                LabEvent.Kind.INFO,
                ctx.clock().instant(),
                detail,
                null));
  }
}
