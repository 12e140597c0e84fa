package io.nestlab.engine.internal.blueprint;

import io.nestlab.cost.Money;
import io.nestlab.cost.SnapshotStorage;
import io.nestlab.engine.LabStep;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spec.SpecFormat;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
}
