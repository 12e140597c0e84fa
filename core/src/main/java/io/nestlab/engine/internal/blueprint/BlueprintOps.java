package io.nestlab.engine.internal.blueprint;

import io.nestlab.NestLab;
import io.nestlab.NestLabException;
import io.nestlab.ProviderException;
import io.nestlab.cost.Money;
import io.nestlab.engine.BlueprintView;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEvent;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.HostRequests;
import io.nestlab.engine.internal.Restores;
import io.nestlab.engine.internal.wait.DeleteUntilGone;
import io.nestlab.plan.PlanOption;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.Blueprint;
import io.nestlab.state.BlueprintStore;
import io.nestlab.state.FileBlueprintStore;
import io.nestlab.state.LabStateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Listing, deleting and copying blueprints, and finding the snapshot a new lab starts from
 * (docs/design/0130, 0131).
 */
public final class BlueprintOps {
  private final EngineContext ctx;
  private final BlueprintStore store;

  public BlueprintOps(EngineContext ctx, BlueprintStore store) {
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
      for (OwnedResource r : snapshots(p)) {
        seen.add(r.id());
        DiskSnapshot s = describe(p, r);
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
                s == null ? null : storage(provider, r.region(), s).orElse(null),
                time(r.tags().get(LabTags.CREATED)),
                time(r.tags().get(LabTags.LEASE_UNTIL)),
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
              + "; name its provider to find it by its tags: --provider aws (or gcp, fake)");
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

  /**
   * Copies the blueprint's snapshot into {@code targetRegion} (encrypted, tagged as the
   * blueprint's, under an idempotency key, so a resumed copy makes no second one), waits until it
   * is complete and records it. Returns the blueprint with the copy.
   */
  public Blueprint copy(String name, String targetRegion, ProviderSettings settings) {
    Blueprint b = require(name);
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

  /** The recorded blueprint {@code name}; fails naming where records are and what to do. */
  public Blueprint require(String name) {
    FileBlueprintStore.requireName(name);
    return store
        .find(name)
        .orElseThrow(
            () ->
                new LabStateException(
                    "no blueprint "
                        + name
                        + " is recorded in "
                        + store.location()
                        + "; 'nestlab blueprints --provider P' lists the ones the cloud has,"
                        + " 'nestlab save LAB --as "
                        + name
                        + "' makes one"));
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
        DiskSnapshot s = describe(p, r);
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

  static List<OwnedResource> snapshots(LabProvider p) {
    return p.listOwned(TagFilter.anyLab()).stream()
        .filter(r -> r.kind() == ResourceKind.SNAPSHOT && BlueprintTags.isBlueprint(r.tags()))
        .toList();
  }

  private static DiskSnapshot describe(LabProvider p, OwnedResource r) {
    try {
      return p.describeSnapshot(r.region(), r.id());
    } catch (ProviderException e) {
      if ("NotFound".equals(e.code())) {
        return null;
      }
      throw e;
    }
  }

  private static Optional<Money> storage(String provider, String region, DiskSnapshot s) {
    return Saves.storagePerMonth(provider, region, s.storedGib() > 0 ? s.storedGib() : s.sizeGib());
  }

  private static Instant time(String v) {
    try {
      return v == null ? null : LabTags.parseTime(v);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
