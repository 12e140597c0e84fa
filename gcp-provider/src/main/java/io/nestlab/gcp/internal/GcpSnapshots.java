package io.nestlab.gcp.internal;

import com.google.cloud.compute.v1.DeleteDiskRequest;
import com.google.cloud.compute.v1.Disk;
import com.google.cloud.compute.v1.GlobalSetLabelsRequest;
import com.google.cloud.compute.v1.InsertDiskRequest;
import com.google.cloud.compute.v1.InsertSnapshotRequest;
import com.google.cloud.compute.v1.ListSnapshotsRequest;
import com.google.cloud.compute.v1.SetLabelsSnapshotRequest;
import com.google.cloud.compute.v1.Snapshot;
import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.ProviderException;
import io.nestlab.gcp.internal.GcpResourceId.Scope;
import io.nestlab.gcp.internal.GcpResourceKinds.Found;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.LabTags;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compute Engine snapshots of an L1 host's data disk, what a blueprint is made of
 * (docs/design/0136). Made with {@code snapshots.insert} from the disk {@code <instance>-data},
 * with the blueprint's labels, stored in the host's region only ({@code storageLocations}, the
 * region also in the label {@link Names#REGION_LABEL}): that storage location is the region a
 * blueprint "lives" in. Encrypted at rest by Compute Engine (Google-managed keys) and private to
 * the project: NestLab never changes a snapshot's IAM policy. The name is derived from the
 * idempotency key, so a repeat finds the first. A snapshot's id in the SPI is its path, {@code
 * global/snapshots/<name>} (what {@code delete} takes); a bare name is read too.
 *
 * <p>Snapshots are global, so there is no copy between regions as EBS has: {@link #copy} makes a
 * disk from the snapshot in the target region, snapshots it there (stored in that region) and
 * deletes the disk, waiting for each step.
 */
public final class GcpSnapshots {
  static final String COLLECTION = "snapshots";

  private final ComputeApi api;
  private final GcpCalls calls;
  private final String project;

  public GcpSnapshots(ComputeApi api, GcpCalls calls) {
    this.api = api;
    this.calls = calls;
    this.project = api.project();
  }

  /** A snapshot's id as given to the SPI: {@code global/snapshots/<name>} or just the name. */
  static GcpResourceId idOf(String id) {
    return id.contains("/")
        ? GcpResourceId.parse(id, COLLECTION)
        : GcpResourceId.global(COLLECTION, id);
  }

  /** Snapshots the host's data disk, or finds the snapshot an earlier call with the key made. */
  public DiskSnapshot snapshotDataDisk(
      HostRef host, String name, Map<String, String> tags, String idempotencyKey) {
    String snapshotName = name(name, idempotencyKey);
    Snapshot existing = get(snapshotName);
    if (existing != null) {
      return toSnapshot(existing);
    }
    GcpResourceId disk = GcpResourceId.zonal(host.zone(), "disks", host.id() + "-data");
    if (api.getOrNull(
            "read disk " + disk.name(), () -> api.disks().get(project, host.zone(), disk.name()))
        == null) {
      throw new ProviderException(
          GcpErrors.PROVIDER,
          "NotFound",
          null,
          false,
          false,
          host.id()
              + " has no data disk "
              + disk.name()
              + "; only a lab host NestLab launched can be saved",
          null);
    }
    insert(snapshotName, disk.path(), host.region(), tags);
    return describe(snapshotName);
  }

  /** The snapshot as Compute Engine sees it now. */
  public DiskSnapshot describe(String id) {
    String name = idOf(id).name();
    Snapshot s = get(name);
    if (s == null) {
      throw new ProviderException(
          GcpErrors.PROVIDER,
          "NotFound",
          null,
          false,
          false,
          "snapshot " + name + " does not exist in project " + project,
          null);
    }
    return toSnapshot(s);
  }

  /**
   * A copy stored in {@code targetRegion}: a disk made from {@code source} in a zone of that
   * region, snapshotted there, then deleted. Each step is named from the key, so a repeat after an
   * interruption continues where the first stopped; the disk carries the blueprint's labels, so a
   * sweep finds it if everything else is lost.
   */
  public DiskSnapshot copy(
      DiskSnapshot source, String targetRegion, Map<String, String> tags, String idempotencyKey) {
    if (targetRegion == null || targetRegion.equals(source.region())) {
      throw new InvalidSpecException(
          "gcp snapshot copy",
          List.of(
              Problem.of(
                  "targetRegion",
                  "snapshot "
                      + source.id()
                      + " is already stored in "
                      + source.region()
                      + "; name another region to copy it to")));
    }
    String copyName = name(idOf(source.id()).name() + "-" + targetRegion, idempotencyKey);
    Snapshot existing = get(copyName);
    if (existing != null) {
      return toSnapshot(existing);
    }
    String zone = calls.zonesOf(targetRegion).get(0);
    GcpResourceId disk = GcpResourceId.zonal(zone, "disks", copyName + "-disk");
    Disk body =
        Disk.newBuilder()
            .setName(disk.name())
            .setDescription("NestLab: copying blueprint snapshot " + source.id())
            .setSourceSnapshot(idOf(source.id()).path())
            .setSizeGb(source.sizeGib())
            .putAllLabels(labels(tags, targetRegion))
            .build();
    calls.insert(
        "make disk " + disk.name() + " from " + source.id(),
        rid ->
            api.disks()
                .insertCallable()
                .call(
                    calls
                        .in(InsertDiskRequest.newBuilder(), Scope.ZONE, zone, rid)
                        .setDiskResource(body)
                        .build()));
    insert(copyName, disk.path(), targetRegion, tags);
    calls.mutate(
        "delete disk " + disk.name(),
        rid ->
            api.disks()
                .deleteCallable()
                .call(calls.on(DeleteDiskRequest.newBuilder(), disk, rid).build()),
        true);
    return describe(copyName);
  }

  /**
   * The data disk size a launch from {@code request}'s snapshot needs: as asked, or the snapshot's
   * when larger; a snapshot not READY (or gone) is refused naming it.
   */
  int restorableSize(HostRequest request) {
    DiskSnapshot s = describe(request.dataDiskSnapshot());
    if (s.state() != DiskSnapshot.State.READY) {
      throw new InvalidSpecException(
          "gcp launch",
          List.of(
              Problem.of(
                  "dataDiskSnapshot",
                  "snapshot "
                      + s.id()
                      + " is "
                      + s.state().name().toLowerCase(java.util.Locale.ROOT)
                      + ", not ready; wait until it is (or save the blueprint again if it"
                      + " failed)")));
    }
    return Math.max(request.dataDiskGib(), s.sizeGib());
  }

  List<Found> list(String filter) {
    List<Found> out = new ArrayList<>();
    for (Snapshot s :
        api.call(
                "list snapshots",
                () ->
                    api.snapshots()
                        .list(
                            ListSnapshotsRequest.newBuilder()
                                .setProject(project)
                                .setFilter(filter)
                                .build()))
            .iterateAll()) {
      out.add(
          new Found(GcpResourceId.global(COLLECTION, s.getName()), region(s), s.getLabelsMap()));
    }
    return out;
  }

  void relabel(GcpResourceId id, String lease) {
    Snapshot s = get(id.name());
    if (s == null) {
      return;
    }
    Map<String, String> labels = new TreeMap<>(s.getLabelsMap());
    labels.put(LabTags.LEASE_UNTIL, lease);
    calls.mutate(
        "renew lease label of snapshot " + id.name(),
        rid ->
            api.snapshots()
                .setLabelsCallable()
                .call(
                    calls
                        .in(SetLabelsSnapshotRequest.newBuilder(), Scope.GLOBAL, null, rid)
                        .setResource(id.name())
                        .setGlobalSetLabelsRequestResource(
                            GlobalSetLabelsRequest.newBuilder()
                                .setLabelFingerprint(s.getLabelFingerprint())
                                .putAllLabels(labels))
                        .build()),
        false);
  }

  private void insert(String name, String diskPath, String region, Map<String, String> tags) {
    Snapshot body =
        Snapshot.newBuilder()
            .setName(name)
            // No secret and nothing user-given but the blueprint's name.
            .setDescription("NestLab blueprint " + tags.getOrDefault(BlueprintTags.BLUEPRINT, name))
            .setSourceDisk(diskPath)
            .addStorageLocations(region)
            .putAllLabels(labels(tags, region))
            .build();
    calls.insert(
        "snapshot " + diskPath + " as " + name,
        rid ->
            api.snapshots()
                .insertCallable()
                .call(
                    calls
                        .in(InsertSnapshotRequest.newBuilder(), Scope.GLOBAL, null, rid)
                        .setSnapshotResource(body)
                        .build()));
  }

  private static Map<String, String> labels(Map<String, String> tags, String region) {
    Map<String, String> labels = new TreeMap<>();
    tags.forEach((k, v) -> labels.put(k, LabTags.sanitize(v)));
    labels.put(Names.REGION_LABEL, region);
    return labels;
  }

  /** {@code <name>-<8 hex of the key>}, a valid resource name. */
  private static String name(String name, String idempotencyKey) {
    String base = Names.resource(name);
    if (base.length() > 54) {
      base = base.substring(0, 54).replaceAll("-+$", "");
    }
    return base + "-" + Names.hash(idempotencyKey, 8);
  }

  private Snapshot get(String name) {
    return api.getOrNull("read snapshot " + name, () -> api.snapshots().get(project, name));
  }

  private static String region(Snapshot s) {
    String labelled = s.getLabelsMap().get(Names.REGION_LABEL);
    if (labelled != null) {
      return labelled;
    }
    return s.getStorageLocationsCount() > 0 ? s.getStorageLocations(0) : null;
  }

  private static DiskSnapshot toSnapshot(Snapshot s) {
    DiskSnapshot.State state =
        switch (s.getStatus()) {
          case "READY" -> DiskSnapshot.State.READY;
          case "FAILED" -> DiskSnapshot.State.FAILED;
          default -> DiskSnapshot.State.PENDING;
        };
    Instant created = null;
    try {
      created = s.getCreationTimestamp().isEmpty() ? null : Instant.parse(s.getCreationTimestamp());
    } catch (DateTimeParseException e) {
      created = java.time.OffsetDateTime.parse(s.getCreationTimestamp()).toInstant();
    }
    long stored = (s.getStorageBytes() + (1L << 30) - 1) >> 30;
    return new DiskSnapshot(
        GcpErrors.PROVIDER,
        region(s),
        GcpResourceId.global(COLLECTION, s.getName()).path(),
        state,
        (int) s.getDiskSizeGb(),
        stored,
        created,
        s.getLabelsMap());
  }
}
