package io.nestlab.engine.internal.blueprint;

import io.nestlab.ProviderException;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.wait.DeleteUntilGone;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.Blueprint;
import io.nestlab.state.BlueprintStore;
import io.nestlab.state.FileBlueprintStore;
import io.nestlab.state.LabStateException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Deletes a blueprint: every snapshot tagged with it or named by its record, then the record. */
public final class DeleteBlueprint {
  private final EngineContext ctx;
  private final BlueprintStore store;

  public DeleteBlueprint(EngineContext ctx, BlueprintStore store) {
    this.ctx = ctx;
    this.store = store;
  }

  /**
   * Deletes every snapshot of the blueprint {@code name} (by its tags, and the ones its record
   * names) and waits until a listing finds none; then forgets its record.
   *
   * @return what was deleted
   */
  public List<OwnedResource> delete(String name, String provider, ProviderSettings settings) {
    FileBlueprintStore.requireName(name);
    Optional<Blueprint> rec = store.find(name);
    String providerId = rec.map(Blueprint::provider).orElse(provider);
    if (providerId == null) {
      throw new LabStateException(
          "no blueprint "
              + name
              + " is recorded in "
              + store.location()
              + "; name its provider to find it by its tags: --provider ID (one of "
              + String.join(", ", io.nestlab.Clouds.builtIn().ids())
              + ")");
    }
    Set<String> regions = new LinkedHashSet<>();
    regions.add(settings.get("region").orElse(rec.map(Blueprint::region).orElse(null)));
    rec.ifPresent(b -> regions.addAll(b.copies().keySet()));
    List<OwnedResource> deleted = new ArrayList<>();
    for (String region : regions) {
      ProviderSettings s = region == null ? settings : settings.with(Map.of("region", region));
      try (LabProvider p = ctx.resolver().open(providerId, s)) {
        Set<String> ids = new LinkedHashSet<>();
        rec.ifPresent(
            b -> {
              ids.add(b.snapshotId());
              ids.addAll(b.copies().values());
            });
        List<OwnedResource> found = new ArrayList<>();
        new DeleteUntilGone(ctx, p, ctx.timings().destroyTimeout())
            .run(
                () -> {
                  List<OwnedResource> left =
                      new ArrayList<>(p.listOwned(BlueprintTags.filter(name)));
                  for (String id : ids) {
                    if (left.stream().noneMatch(r -> r.id().equals(id))) {
                      recorded(p, region, id).ifPresent(left::add);
                    }
                  }
                  left.stream()
                      .filter(r -> found.stream().noneMatch(f -> f.id().equals(r.id())))
                      .forEach(found::add);
                  return left;
                },
                left -> {},
                "blueprint " + name,
                "; run 'nestlab blueprints delete " + name + "' again");
        deleted.addAll(found);
      }
    }
    store.remove(name);
    return deleted;
  }

  private Optional<OwnedResource> recorded(LabProvider p, String region, String id) {
    try {
      DiskSnapshot s = p.describeSnapshot(region, id);
      if (region != null && s.region() != null && !s.region().equals(region)) {
        return Optional.empty();
      }
      return Optional.of(s.asOwned());
    } catch (ProviderException e) {
      if ("NotFound".equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
