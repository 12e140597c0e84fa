package io.nestlab.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A cloud-kept, point-in-time copy of a lab host's data disk (the disk that holds the nested lab):
 * what a blueprint is made of. Encrypted and private on every provider.
 *
 * @param provider the provider id
 * @param region where the snapshot lives (a blueprint is restored in this region only)
 * @param id the cloud's id (EBS {@code snap-...}; the Compute Engine snapshot name)
 * @param state whether it can be restored yet
 * @param sizeGib the size of the disk it was taken from (what a restored disk needs at least)
 * @param storedGib what the cloud bills for, when it says (0 when it does not)
 * @param created when the cloud started it, or null when not known
 * @param tags its tags or labels
 */
public record DiskSnapshot(
    String provider,
    String region,
    String id,
    State state,
    int sizeGib,
    long storedGib,
    Instant created,
    Map<String, String> tags) {

  /** Whether a snapshot can be restored. */
  public enum State {
    /** Still being copied by the cloud; not restorable yet. */
    PENDING,
    /** Complete: a disk can be created from it. */
    READY,
    /** The cloud gave up: delete it and save again. */
    FAILED
  }

  public DiskSnapshot {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    tags = Map.copyOf(tags);
  }

  /** As an owned resource, for {@link LabProvider#delete}. */
  public OwnedResource asOwned() {
    return new OwnedResource(provider, region, ResourceKind.SNAPSHOT, id, tags);
  }
}
