package io.nestlab.engine.internal.blueprint;

import io.nestlab.ProviderException;
import io.nestlab.cost.Money;
import io.nestlab.cost.SnapshotStorage;
import io.nestlab.engine.LabStep;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spec.SpecFormat;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.Blueprint;
import io.nestlab.state.BlueprintStore;
import io.nestlab.state.FileBlueprintStore;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** What the blueprint operations share: the save's journal, the spec hash, storage cost. */
public final class Saves {
  static final String NAME = "blueprint";
  static final String KEY = "idempotencyKey";
  static final String STOP_AFTER = "stopAfter";
  static final String EXPIRES = "expires";
  static final String CREATED = "created";
  static final String SNAPSHOT_ID = "id";

  private Saves() {}

  /** The begin entry of the lab's save that has not ended or failed; empty when none. */
  public static Optional<JournalEntry> unfinished(LabRecord rec) {
    return rec.lastOf(LabStep.SAVE.wire()).filter(e -> e.phase() == JournalEntry.Phase.BEGIN);
  }

  /** The last entry of {@code step} journaled after {@code begin} (the save's own). */
  static Optional<JournalEntry> since(LabRecord rec, JournalEntry begin, LabStep step) {
    return rec.lastOf(step.wire()).filter(e -> e.seq() > begin.seq());
  }

  static boolean endedSince(LabRecord rec, JournalEntry begin, LabStep step) {
    return since(rec, begin, step).map(e -> e.phase() == JournalEntry.Phase.END).orElse(false);
  }

  /**
   * The first 16 hex digits of the SHA-256 of {@code spec} as JSON, its name left out: two labs
   * from one blueprint have their own names and the same hash.
   */
  public static String specHash(LabSpec spec) {
    String json = LabSpecs.write(spec.toBuilder().name("blueprint").build(), SpecFormat.JSON);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Monthly storage of {@code gib} GiB of snapshot in {@code region}; empty without a rate. */
  public static Optional<Money> storagePerMonth(String provider, String region, long gib) {
    return SnapshotStorage.perMonth(provider, region, gib);
  }

  static List<OwnedResource> snapshots(LabProvider p) {
    return p.listOwned(TagFilter.anyLab()).stream()
        .filter(r -> r.kind() == ResourceKind.SNAPSHOT && BlueprintTags.isBlueprint(r.tags()))
        .toList();
  }

  static DiskSnapshot describe(LabProvider p, OwnedResource r) {
    try {
      return p.describeSnapshot(r.region(), r.id());
    } catch (ProviderException e) {
      if ("NotFound".equals(e.code())) {
        return null;
      }
      throw e;
    }
  }

  static Optional<Money> storage(String provider, String region, DiskSnapshot s) {
    return Saves.storagePerMonth(provider, region, s.storedGib() > 0 ? s.storedGib() : s.sizeGib());
  }

  static Instant time(String v) {
    try {
      return v == null ? null : LabTags.parseTime(v);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The recorded blueprint {@code name}; fails naming where records are and what to do. */
  public static Blueprint require(BlueprintStore store, String name) {
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
}
