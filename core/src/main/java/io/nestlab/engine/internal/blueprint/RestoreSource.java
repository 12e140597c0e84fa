package io.nestlab.engine.internal.blueprint;

import io.nestlab.NestLabException;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.Restores;
import io.nestlab.plan.PlanOption;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.state.Blueprint;
import io.nestlab.state.BlueprintStore;
import io.nestlab.state.FileBlueprintStore;
import io.nestlab.state.LabStateException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Finds the snapshot a new lab starts from, or refuses with the fix (docs/design/0132). */
public final class RestoreSource {
  private final EngineContext ctx;
  private final BlueprintStore store;

  public RestoreSource(EngineContext ctx, BlueprintStore store) {
    this.ctx = ctx;
    this.store = store;
  }

  /**
   * The {@code create} step's restore data for {@code request} (see {@link Restores}): the
   * blueprint's snapshot in the plan's region. Refuses, with the fix, a blueprint in another
   * region, a lab spec that is not the blueprint's, and a data disk smaller than the saved one.
   */
  public Map<String, String> restoreData(CreateRequest request) {
    String name = request.blueprint();
    PlanOption o = request.option();
    Restorable r = restorable(name, o, request.settings());
    String hash = Saves.specHash(request.spec());
    if (r.specHash() != null && !r.specHash().equals(hash)) {
      throw new NestLabException(
          "the lab file is not the lab blueprint "
              + name
              + " holds (spec hash "
              + hash
              + ", the blueprint's "
              + r.specHash()
              + "); start it from its own lab: nestlab up --blueprint "
              + name
              + " (only the name may differ)");
    }
    if (!o.provider().equals(r.provider())) {
      throw new NestLabException(
          "blueprint "
              + name
              + " lives on "
              + r.provider()
              + ", not "
              + o.provider()
              + "; start it with --provider "
              + r.provider());
    }
    String id = r.snapshotIn().get(o.region());
    if (id == null) {
      String where = String.join(", ", r.snapshotIn().keySet());
      throw new NestLabException(
          "blueprint "
              + name
              + " is in "
              + where
              + ", not in "
              + o.region()
              + " where this lab is planned; plan the lab in "
              + where
              + " (--region "
              + r.snapshotIn().keySet().iterator().next()
              + "), or copy the blueprint there with --copy"
              + copyCost(r, o.region()));
    }
    if (o.dataDiskGib() < r.sizeGib()) {
      throw new NestLabException(
          "the plan's data disk ("
              + o.dataDiskGib()
              + " GiB) is smaller than blueprint "
              + name
              + "'s ("
              + r.sizeGib()
              + " GiB); a restored disk is at least as large as the saved one");
    }
    return Map.of(Restores.BLUEPRINT, name, Restores.SNAPSHOT, id);
  }

  private static String copyCost(Restorable r, String region) {
    return Saves.storagePerMonth(r.provider(), region, r.sizeGib())
        .map(
            m ->
                " (a second copy: about "
                    + m
                    + "/month more storage, plus the cloud's inter-region transfer per GB)")
        .orElse("");
  }

  /** What a restore needs to know of a blueprint, from its record or else from its tags. */
  private record Restorable(
      String provider, Map<String, String> snapshotIn, int sizeGib, String specHash) {}

  private Restorable restorable(String name, PlanOption o, ProviderSettings settings) {
    FileBlueprintStore.requireName(name);
    Optional<Blueprint> rec = store.find(name);
    if (rec.isPresent()) {
      Blueprint b = rec.get();
      Map<String, String> in = new LinkedHashMap<>();
      in.put(b.region(), b.snapshotId());
      in.putAll(b.copies());
      return new Restorable(b.provider(), in, b.sizeGib(), b.specHash());
    }
    // Not recorded here (saved elsewhere): the cloud's tags say enough.
    try (LabProvider p = ctx.resolver().open(o.provider(), settings)) {
      Map<String, String> in = new LinkedHashMap<>();
      int size = 0;
      String hash = null;
      for (OwnedResource r : p.listOwned(BlueprintTags.filter(name))) {
        if (r.kind() != ResourceKind.SNAPSHOT) {
          continue;
        }
        DiskSnapshot s = Saves.describe(p, r);
        if (s != null && s.state() == DiskSnapshot.State.READY) {
          in.putIfAbsent(r.region(), r.id());
          size = Math.max(size, s.sizeGib());
          hash = r.tags().get(BlueprintTags.SPEC_HASH);
        }
      }
      if (in.isEmpty()) {
        throw new LabStateException(
            "no blueprint "
                + name
                + " is recorded in "
                + store.location()
                + " and "
                + o.provider()
                + " has no complete snapshot tagged "
                + BlueprintTags.BLUEPRINT
                + "="
                + name
                + "; 'nestlab blueprints --provider "
                + o.provider()
                + "' lists the ones it has");
      }
      return new Restorable(o.provider(), in, size, hash);
    }
  }
}
