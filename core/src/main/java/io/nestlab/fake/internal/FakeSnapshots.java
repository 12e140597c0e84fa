package io.nestlab.fake.internal;

import io.nestlab.ProviderException;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.ResourceKind;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fake cloud's disk snapshots (blueprints, docs/design/0130): a snapshot is PENDING for {@code
 * copyTime} of the fake's clock, then READY; the same idempotency key never makes two; a host whose
 * data disk comes from a snapshot is marked restored, so its console runs the restore phases.
 */
public final class FakeSnapshots {
  private final String provider;
  private final String region;
  private final Duration copyTime;
  private final Supplier<String> requestId;

  /**
   * @param provider the fake's id
   * @param region the fake's only region
   * @param copyTime clock time from a snapshot's start until it is READY
   * @param requestId the request id of the call being served, for errors
   */
  public FakeSnapshots(
      String provider, String region, Duration copyTime, Supplier<String> requestId) {
    this.provider = provider;
    this.region = region;
    this.copyTime = copyTime;
    this.requestId = requestId;
  }

  /** Starts a snapshot of {@code host}'s data disk (its largest volume). */
  public DiskSnapshot snapshotDataDisk(
      CloudData data, Instant now, HostRef host, Map<String, String> tags, String key) {
    String existing = data.idempotency.get(key);
    if (existing != null && data.resources.containsKey(existing)) {
      return describe(data.resources.get(existing), now);
    }
    requireLabTag(tags);
    FakeResource h = data.resources.get(host.id());
    if (h == null || h.kind != ResourceKind.INSTANCE) {
      throw error("InvalidInstanceID.NotFound", false, "instance " + host.id() + " does not exist");
    }
    if (h.state == HostState.TERMINATING || h.state == HostState.TERMINATED) {
      throw error("IncorrectInstanceState", false, host.id() + " is " + h.state);
    }
    int gib =
        data.resources.values().stream()
            .filter(v -> v.kind == ResourceKind.VOLUME && h.id.equals(v.parentId))
            .mapToInt(v -> Integer.parseInt(v.instanceType.replace("GiB", "")))
            .max()
            .orElseThrow(() -> error("InvalidVolume.NotFound", false, host.id() + " has no disk"));
    FakeResource s = newSnapshot(data, tags, gib, now);
    s.parentId = h.id;
    data.idempotency.put(key, s.id);
    return describe(s, now);
  }

  /** The snapshot {@code id}; NotFound when there is none. */
  public DiskSnapshot describe(CloudData data, Instant now, String id) {
    FakeResource s = data.resources.get(id);
    if (s == null || s.kind != ResourceKind.SNAPSHOT) {
      throw error("NotFound", false, "snapshot " + id + " does not exist");
    }
    return describe(s, now);
  }

  /** Starts a copy of {@code source} into {@code target}. */
  public DiskSnapshot copy(
      CloudData data,
      Instant now,
      DiskSnapshot source,
      String target,
      Map<String, String> tags,
      String key) {
    String existing = data.idempotency.get(key);
    if (existing != null && data.resources.containsKey(existing)) {
      return describe(data.resources.get(existing), now);
    }
    requireLabTag(tags);
    requireRegion(target);
    DiskSnapshot from = describe(data, now, source.id());
    if (from.state() != DiskSnapshot.State.READY) {
      throw error(
          "IncorrectState", true, "snapshot " + source.id() + " is " + from.state() + "; wait");
    }
    FakeResource s = newSnapshot(data, tags, from.sizeGib(), now);
    s.parentId = source.id();
    data.idempotency.put(key, s.id);
    return describe(s, now);
  }

  /**
   * Checks that a launch's data disk snapshot exists, is READY, is in the launch's region and fits
   * its disk; nothing to check when the launch has none.
   */
  public void requireRestorable(CloudData data, Instant now, HostRequest request) {
    String id = request.dataDiskSnapshot();
    if (id == null) {
      return;
    }
    DiskSnapshot s = describe(data, now, id);
    if (s.state() != DiskSnapshot.State.READY) {
      throw error("IncorrectState", true, "snapshot " + id + " is " + s.state() + "; wait");
    }
    if (request.region() != null && !request.region().equals(s.region())) {
      throw error(
          "InvalidSnapshot.NotFound",
          false,
          "snapshot " + id + " is in " + s.region() + ", not " + request.region());
    }
    if (request.dataDiskGib() < s.sizeGib()) {
      throw error(
          "InvalidParameterValue",
          false,
          "the data disk ("
              + request.dataDiskGib()
              + " GiB) is smaller than snapshot "
              + id
              + " ("
              + s.sizeGib()
              + " GiB)");
    }
  }

  private FakeResource newSnapshot(CloudData data, Map<String, String> tags, int gib, Instant now) {
    FakeResource s = new FakeResource();
    s.id = data.newId("fake-snap-");
    s.kind = ResourceKind.SNAPSHOT;
    s.region = region;
    s.tags = new LinkedHashMap<>(tags);
    s.created = now;
    s.sizeGib = gib;
    s.readyAt = now.plus(copyTime);
    data.resources.put(s.id, s);
    return s;
  }

  private DiskSnapshot describe(FakeResource s, Instant now) {
    DiskSnapshot.State state =
        now.isBefore(s.readyAt) ? DiskSnapshot.State.PENDING : DiskSnapshot.State.READY;
    return new DiskSnapshot(
        provider, s.region, s.id, state, s.sizeGib, s.sizeGib, s.created, s.tags);
  }

  private void requireRegion(String target) {
    if (!region.equals(target)) {
      throw error(
          "InvalidRegion",
          false,
          "region " + target + " does not exist; the fake cloud has only " + region);
    }
  }

  private void requireLabTag(Map<String, String> tags) {
    if (!tags.containsKey(LabTags.LAB)) {
      throw error(
          "MissingTag",
          false,
          "every resource needs the " + LabTags.LAB + " tag; the request had " + tags.keySet());
    }
  }

  private ProviderException error(String code, boolean retryable, String message) {
    return new ProviderException(provider, code, requestId.get(), retryable, false, message, null);
  }
}
