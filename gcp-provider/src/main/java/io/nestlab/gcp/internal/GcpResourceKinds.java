package io.nestlab.gcp.internal;

import com.google.api.gax.rpc.UnaryCallable;
import com.google.cloud.compute.v1.AggregatedListDisksRequest;
import com.google.cloud.compute.v1.AggregatedListInstancesRequest;
import com.google.cloud.compute.v1.AggregatedListSubnetworksRequest;
import com.google.cloud.compute.v1.DeleteDiskRequest;
import com.google.cloud.compute.v1.DeleteFirewallRequest;
import com.google.cloud.compute.v1.DeleteMachineImageRequest;
import com.google.cloud.compute.v1.DeleteNetworkRequest;
import com.google.cloud.compute.v1.DeleteSnapshotRequest;
import com.google.cloud.compute.v1.DeleteSubnetworkRequest;
import com.google.cloud.compute.v1.Disk;
import com.google.cloud.compute.v1.DisksScopedList;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesScopedList;
import com.google.cloud.compute.v1.ListFirewallsRequest;
import com.google.cloud.compute.v1.ListMachineImagesRequest;
import com.google.cloud.compute.v1.ListNetworksRequest;
import com.google.cloud.compute.v1.MachineImage;
import com.google.cloud.compute.v1.Network;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.SetLabelsDiskRequest;
import com.google.cloud.compute.v1.Subnetwork;
import com.google.cloud.compute.v1.SubnetworksScopedList;
import com.google.cloud.compute.v1.ZoneSetLabelsRequest;
import com.google.protobuf.Message;
import io.nestlab.gcp.internal.GcpInstances.Life;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every kind of resource NestLab owns on Compute Engine, one entry each: how to list the ones
 * carrying a lab's labels, how to delete one, and how to move its lease. A new kind is one more
 * entry in {@link #all()}. Networks, subnetworks and firewall rules carry their labels in the
 * description ({@link DescriptionLabels}); the global kinds name their region in a label.
 */
public final class GcpResourceKinds {
  /** One resource a listing found, with its region and labels. */
  public record Found(GcpResourceId id, String region, Map<String, String> labels) {}

  /**
   * One kind of owned resource.
   *
   * @param list the resources of this kind matching a Compute Engine label filter (kinds that take
   *     no labels list all of theirs with labels in the description, and ignore the filter)
   * @param delete deletes one; one already gone counts as deleted
   * @param relabel moves one's lease to the given value; kinds that carry no lease do nothing
   */
  public record Kind(
      ResourceKind kind,
      String collection,
      Function<String, List<Found>> list,
      Consumer<GcpResourceId> delete,
      BiConsumer<GcpResourceId, String> relabel) {}

  private static final BiConsumer<GcpResourceId, String> NO_LEASE = (id, lease) -> {};

  private final ComputeApi api;
  private final GcpCalls calls;
  private final GcpInstances instances;
  private final String project;

  public GcpResourceKinds(ComputeApi api, GcpCalls calls, GcpInstances instances) {
    this.api = api;
    this.calls = calls;
    this.instances = instances;
    this.project = api.project();
  }

  /** Every kind, in the order they are listed. */
  public List<Kind> all() {
    return List.of(
        new Kind(
            ResourceKind.INSTANCE,
            "instances",
            this::instances,
            id -> instances.apply(Life.DELETE, id),
            instances::renewLease),
        new Kind(
            ResourceKind.VOLUME,
            "disks",
            this::disks,
            deleting(
                () -> api.disks().deleteCallable(),
                DeleteDiskRequest::newBuilder,
                DeleteDiskRequest.class),
            this::relabelDisk),
        new Kind(
            ResourceKind.MACHINE_IMAGE,
            "machineImages",
            this::machineImages,
            deleting(
                () -> api.machineImages().deleteCallable(),
                DeleteMachineImageRequest::newBuilder,
                DeleteMachineImageRequest.class),
            NO_LEASE),
        new Kind(
            ResourceKind.SNAPSHOT,
            GcpSnapshots.COLLECTION,
            filter -> new GcpSnapshots(api, calls).list(filter),
            deleting(
                () -> api.snapshots().deleteCallable(),
                DeleteSnapshotRequest::newBuilder,
                DeleteSnapshotRequest.class),
            (id, lease) -> new GcpSnapshots(api, calls).relabel(id, lease)),
        new Kind(
            ResourceKind.FIREWALL,
            "firewalls",
            filter -> firewalls(),
            deleting(
                () -> api.firewalls().deleteCallable(),
                DeleteFirewallRequest::newBuilder,
                DeleteFirewallRequest.class),
            NO_LEASE),
        // Subnetworks are regional: listed in every region, so that a sweep or a delete by tags
        // without a region still finds the one that keeps the lab's network in use.
        new Kind(
            ResourceKind.SUBNET,
            "subnetworks",
            filter -> subnetworks(),
            deleting(
                () -> api.subnetworks().deleteCallable(),
                DeleteSubnetworkRequest::newBuilder,
                DeleteSubnetworkRequest.class),
            NO_LEASE),
        new Kind(
            ResourceKind.NETWORK,
            "networks",
            filter -> networks(),
            deleting(
                () -> api.networks().deleteCallable(),
                DeleteNetworkRequest::newBuilder,
                DeleteNetworkRequest.class),
            NO_LEASE));
  }

  // ---- list ----------------------------------------------------------------------------------

  private List<Found> instances(String filter) {
    List<Found> out = new ArrayList<>();
    for (Map.Entry<String, InstancesScopedList> e :
        api.call(
                "list instances",
                () ->
                    api.instances()
                        .aggregatedList(
                            AggregatedListInstancesRequest.newBuilder()
                                .setProject(project)
                                .setFilter(filter)
                                .build()))
            .iterateAll()) {
      for (Instance i : e.getValue().getInstancesList()) {
        out.add(zonal(i.getZone(), "instances", i.getName(), i.getLabelsMap()));
      }
    }
    return out;
  }

  private List<Found> disks(String filter) {
    List<Found> out = new ArrayList<>();
    for (Map.Entry<String, DisksScopedList> e :
        api.call(
                "list disks",
                () ->
                    api.disks()
                        .aggregatedList(
                            AggregatedListDisksRequest.newBuilder()
                                .setProject(project)
                                .setFilter(filter)
                                .build()))
            .iterateAll()) {
      for (Disk d : e.getValue().getDisksList()) {
        if (d.getUsersCount() == 0) { // attached disks go with their instance
          out.add(zonal(d.getZone(), "disks", d.getName(), d.getLabelsMap()));
        }
      }
    }
    return out;
  }

  private static Found zonal(
      String zoneUrl, String collection, String name, Map<String, String> l) {
    GcpResourceId id = GcpResourceId.zonal(Names.last(zoneUrl), collection, name);
    return new Found(id, id.region(), l);
  }

  private List<Found> machineImages(String filter) {
    List<Found> out = new ArrayList<>();
    for (MachineImage m :
        api.call(
                "list machine images",
                () ->
                    api.machineImages()
                        .list(
                            ListMachineImagesRequest.newBuilder()
                                .setProject(project)
                                .setFilter(filter)
                                .build()))
            .iterateAll()) {
      out.add(
          new Found(
              GcpResourceId.global("machineImages", m.getName()),
              m.getLabelsMap().get(Names.REGION_LABEL),
              m.getLabelsMap()));
    }
    return out;
  }

  private List<Found> firewalls() {
    List<Found> out = new ArrayList<>();
    for (Firewall fw :
        api.call(
                "list firewall rules",
                () ->
                    api.firewalls()
                        .list(ListFirewallsRequest.newBuilder().setProject(project).build()))
            .iterateAll()) {
      described(out, GcpResourceId.global("firewalls", fw.getName()), fw.getDescription());
    }
    return out;
  }

  private List<Found> subnetworks() {
    List<Found> out = new ArrayList<>();
    for (Map.Entry<String, SubnetworksScopedList> e :
        api.call(
                "list subnetworks",
                () ->
                    api.subnetworks()
                        .aggregatedList(
                            AggregatedListSubnetworksRequest.newBuilder()
                                .setProject(project)
                                .build()))
            .iterateAll()) {
      for (Subnetwork s : e.getValue().getSubnetworksList()) {
        GcpResourceId id =
            GcpResourceId.regional(Names.last(s.getRegion()), "subnetworks", s.getName());
        DescriptionLabels.decode(s.getDescription())
            .ifPresent(labels -> out.add(new Found(id, id.region(), labels)));
      }
    }
    return out;
  }

  private List<Found> networks() {
    List<Found> out = new ArrayList<>();
    for (Network n :
        api.call(
                "list networks",
                () ->
                    api.networks()
                        .list(ListNetworksRequest.newBuilder().setProject(project).build()))
            .iterateAll()) {
      described(out, GcpResourceId.global("networks", n.getName()), n.getDescription());
    }
    return out;
  }

  /** Adds a global resource whose labels (and region label) are in its description. */
  private static void described(List<Found> out, GcpResourceId id, String description) {
    DescriptionLabels.decode(description)
        .ifPresent(labels -> out.add(new Found(id, labels.get(Names.REGION_LABEL), labels)));
  }

  // ---- delete and relabel --------------------------------------------------------------------

  /**
   * A delete of the resource named by an id, with {@code request} filled in by {@link GcpCalls#on},
   * that waits for its operation; one already gone counts as deleted.
   */
  private <R extends Message> Consumer<GcpResourceId> deleting(
      Supplier<UnaryCallable<R, Operation>> callable,
      Supplier<? extends Message.Builder> request,
      Class<R> type) {
    return id ->
        calls.mutate(
            "delete " + id,
            rid -> callable.get().call(type.cast(calls.on(request.get(), id, rid).build())),
            true);
  }

  private void relabelDisk(GcpResourceId id, String lease) {
    Disk d = api.call("read disk " + id, () -> api.disks().get(project, id.zone(), id.name()));
    Map<String, String> labels = new TreeMap<>(d.getLabelsMap());
    labels.put(LabTags.LEASE_UNTIL, lease);
    calls.mutate(
        "renew lease label of disk " + id.name(),
        rid ->
            api.disks()
                .setLabelsCallable()
                .call(
                    calls
                        .in(SetLabelsDiskRequest.newBuilder(), id.scope(), id.location(), rid)
                        .setResource(id.name())
                        .setZoneSetLabelsRequestResource(
                            ZoneSetLabelsRequest.newBuilder()
                                .setLabelFingerprint(d.getLabelFingerprint())
                                .putAllLabels(labels))
                        .build()),
        false);
  }
}
