package io.nestlab.engine.internal.blueprint;

import io.nestlab.cost.Money;
import io.nestlab.engine.BlueprintView;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.Blueprint;
import io.nestlab.state.BlueprintStore;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lists blueprints: the records here, merged with the cloud's tagged snapshots (docs/design/0131).
 */
public final class ListBlueprints {
  private final EngineContext ctx;
  private final BlueprintStore store;

  public ListBlueprints(EngineContext ctx, BlueprintStore store) {
    this.ctx = ctx;
    this.store = store;
  }

  /**
   * Every blueprint recorded here, and, when {@code provider} is given, every one its cloud lists
   * by tag (one row per snapshot). A recorded blueprint the cloud no longer has is {@code missing}.
   */
  public List<BlueprintView> list(String provider, ProviderSettings settings) {
    Map<String, BlueprintView> rows = new LinkedHashMap<>();
    for (Blueprint b : store.list()) {
      rows.put(b.snapshotId(), local(b, b.region(), b.snapshotId()));
      b.copies().forEach((region, id) -> rows.put(id, local(b, region, id)));
    }
    if (provider == null) {
      return List.copyOf(rows.values());
    }
    try (LabProvider p = ctx.resolver().open(provider, settings)) {
      Set<String> seen = new LinkedHashSet<>();
      for (OwnedResource r : Saves.snapshots(p)) {
        seen.add(r.id());
        DiskSnapshot s = Saves.describe(p, r);
        BlueprintView old = rows.get(r.id());
        String name = r.tags().get(BlueprintTags.BLUEPRINT);
        rows.put(
            r.id(),
            new BlueprintView(
                name,
                provider,
                r.region(),
                r.id(),
                s == null ? "missing" : s.state().name().toLowerCase(Locale.ROOT),
                s == null ? (old == null ? 0 : old.sizeGib()) : s.sizeGib(),
                s == null ? null : Saves.storage(provider, r.region(), s).orElse(null),
                Saves.time(r.tags().get(LabTags.CREATED)),
                Saves.time(r.tags().get(LabTags.LEASE_UNTIL)),
                old != null,
                true,
                old == null ? null : old.record()));
      }
      for (Map.Entry<String, BlueprintView> e : rows.entrySet()) {
        BlueprintView v = e.getValue();
        if (!seen.contains(e.getKey()) && v.provider().equals(provider) && !v.tagged()) {
          e.setValue(
              new BlueprintView(
                  v.name(),
                  v.provider(),
                  v.region(),
                  v.snapshotId(),
                  "missing",
                  v.sizeGib(),
                  v.storagePerMonth(),
                  v.created(),
                  v.expires(),
                  true,
                  false,
                  v.record()));
        }
      }
    }
    return List.copyOf(rows.values());
  }

  private static BlueprintView local(Blueprint b, String region, String id) {
    return new BlueprintView(
        b.name(),
        b.provider(),
        region,
        id,
        "unknown",
        b.sizeGib(),
        b.storageUsdPerMonth() == null ? null : Money.usd(b.storageUsdPerMonth()),
        b.created(),
        b.expires(),
        true,
        false,
        b);
  }
}
