package io.nestlab.engine;

import io.nestlab.cost.Money;
import io.nestlab.state.Blueprint;
import java.time.Instant;
import java.util.Optional;

/**
 * One blueprint as {@link LabEngine#blueprints} sees it: from this side's record, the cloud's tags,
 * or both.
 *
 * @param name the blueprint's name
 * @param provider the provider id
 * @param region where its snapshot is (one row per region holding a copy)
 * @param snapshotId the snapshot
 * @param state {@code ready}, {@code pending}, {@code failed}, or {@code missing} (recorded here
 *     but gone from the cloud), or {@code unknown} (the cloud was not asked)
 * @param sizeGib the disk size saved
 * @param storagePerMonth what keeping it costs per month, or null when no rate is known
 * @param created when it was saved, or null
 * @param expires its expiry tag, or null
 * @param recorded whether this side holds its record (spec, versions)
 * @param tagged whether the cloud listed it by its tags
 * @param record the record, when {@code recorded}
 */
public record BlueprintView(
    String name,
    String provider,
    String region,
    String snapshotId,
    String state,
    int sizeGib,
    Money storagePerMonth,
    Instant created,
    Instant expires,
    boolean recorded,
    boolean tagged,
    Blueprint record) {

  public Optional<Blueprint> recordIfPresent() {
    return Optional.ofNullable(record);
  }
}
