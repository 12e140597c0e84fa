package io.nestlab.gcp.internal;

import com.google.cloud.compute.v1.DeleteInstanceRequest;
import com.google.cloud.compute.v1.GetSerialPortOutputInstanceRequest;
import com.google.cloud.compute.v1.Image;
import com.google.cloud.compute.v1.InsertInstanceRequest;
import com.google.cloud.compute.v1.InsertMachineImageRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesSetLabelsRequest;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.MachineImage;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.SerialPortOutput;
import com.google.cloud.compute.v1.SetLabelsInstanceRequest;
import com.google.cloud.compute.v1.SetMetadataInstanceRequest;
import com.google.cloud.compute.v1.StartInstanceRequest;
import com.google.cloud.compute.v1.StopInstanceRequest;
import io.nestlab.CapacityException;
import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.ProviderException;
import io.nestlab.catalog.Market;
import io.nestlab.gcp.internal.GcpResourceId.Scope;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.ImageRef;
import io.nestlab.spi.LabTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The L1 instance: launch (zone by zone, found again by its name), find, life (stop, start,
 * delete), serial console, machine images, and the lease in its labels and metadata.
 */
public final class GcpInstances {
  private static final String ID = GcpErrors.PROVIDER;
  private static final String INSTANCES = "instances";

  private final GcpSettings settings;
  private final ComputeApi api;
  private final GcpCalls calls;
  private final String project;

  public GcpInstances(GcpSettings settings, ComputeApi api, GcpCalls calls) {
    this.settings = settings;
    this.api = api;
    this.calls = calls;
    this.project = settings.project();
  }

  // ---- launch --------------------------------------------------------------------------------

  public HostRef launch(HostRequest request) {
    String region = settings.regionFor(request.region());
    MachineSeries series = launchable(request);
    String name = Names.instance(request.labId(), request.idempotencyKey());
    List<String> zones = calls.zonesInOrder(region, request.zone(), settings.zone());
    for (String z : zones) {
      if (api.getOrNull("read instance " + name, () -> api.instances().get(project, z, name))
          != null) {
        return new HostRef(ID, region, z, name);
      }
    }
    int dataDiskGib =
        request.dataDiskSnapshot() == null
            ? request.dataDiskGib()
            : new GcpSnapshots(api, calls).restorableSize(request);
    Image image =
        api.call(
            "resolve image family " + settings.imageFamily(),
            () -> api.images().getFromFamily(settings.imageProject(), settings.imageFamily()));
    List<String> exhausted = new ArrayList<>();
    for (String zone : zones) {
      var body =
          GcpInstanceBody.of(
              request,
              series,
              name,
              zone,
              image.getSelfLink(),
              settings.serviceAccount(),
              dataDiskGib);
      try {
        calls.insert(
            "launch " + request.instanceType() + " in " + zone,
            rid ->
                api.instances()
                    .insertCallable()
                    .call(
                        calls
                            .in(InsertInstanceRequest.newBuilder(), Scope.ZONE, zone, rid)
                            .setInstanceResource(body)
                            .build()));
        return new HostRef(ID, region, zone, name);
      } catch (CapacityException e) {
        exhausted.add(zone + " (no capacity)");
      } catch (ProviderException e) {
        if (!String.valueOf(e.getMessage()).contains("does not exist in zone")) {
          throw e;
        }
        exhausted.add(zone + " (not offered)");
      }
    }
    throw new CapacityException(
        ID,
        "ZONE_RESOURCE_POOL_EXHAUSTED",
        null,
        "no zone of "
            + region
            + " can launch "
            + request.instanceType()
            + " now (tried "
            + String.join(", ", exhausted)
            + "); choose the plan's next option, another region, or retry later",
        null);
  }

  /** The machine series of a request that can be launched as asked, or a clear refusal. */
  private static MachineSeries launchable(HostRequest request) {
    int bytes = request.userDataSize();
    if (bytes > GcpPreflight.MAX_USER_DATA_BYTES) {
      throw refused("userData", GcpPreflight.userDataTooLarge(bytes));
    }
    MachineSeries series;
    try {
      series = MachineSeries.of(request.instanceType());
    } catch (IllegalArgumentException e) {
      throw refused("instanceType", e.getMessage());
    }
    if (request.nestedVirtualization() && !series.supportsNestedVirtualization()) {
      throw refused("instanceType", series.nestedRefusal());
    }
    if (request.market() == Market.SPOT && !series.supportsSpot()) {
      throw refused(
          "market",
          request.instanceType() + " is bare metal, which Spot does not offer; use on-demand");
    }
    if (request.network() == null || !request.network().ids().containsKey(GcpNetwork.SUBNETWORK)) {
      throw refused("network", "is required; call ensureNetwork first and pass its ref");
    }
    return series;
  }

  private static InvalidSpecException refused(String path, String message) {
    return new InvalidSpecException("gcp host", List.of(Problem.of(path, message)));
  }

  // ---- find ----------------------------------------------------------------------------------

  public HostInfo describe(HostRef given) {
    HostRef host = located(given);
    Instance i =
        host == null
            ? null
            : api.getOrNull(
                "describe instance " + host.id(),
                () -> api.instances().get(project, host.zone(), host.id()));
    if (i == null) {
      return new HostInfo(
          host == null ? given : host, HostState.NOT_FOUND, null, null, null, Map.of());
    }
    String publicIp = null;
    String privateIp = null;
    if (i.getNetworkInterfacesCount() > 0) {
      NetworkInterface nic = i.getNetworkInterfaces(0);
      privateIp = nic.getNetworkIP().isEmpty() ? null : nic.getNetworkIP();
      if (nic.getAccessConfigsCount() > 0 && !nic.getAccessConfigs(0).getNatIP().isEmpty()) {
        publicIp = nic.getAccessConfigs(0).getNatIP();
      }
    }
    return new HostInfo(
        host,
        state(i.getStatus()),
        Names.last(i.getMachineType()),
        publicIp,
        privateIp,
        i.getLabelsMap());
  }

  /**
   * The host with its zone: as given when the zone is known, else found by name in the zones of its
   * region; null when no zone has it.
   */
  private HostRef located(HostRef host) {
    if (host.zone() != null && !host.zone().isBlank()) {
      return host;
    }
    String region = settings.regionFor(host.region());
    for (String z : calls.zonesOf(region)) {
      if (api.getOrNull(
              "find instance " + host.id(), () -> api.instances().get(project, z, host.id()))
          != null) {
        return new HostRef(ID, region, z, host.id());
      }
    }
    return null;
  }

  private HostRef existing(HostRef host) {
    HostRef found = located(host);
    if (found == null) {
      throw new ProviderException(
          ID,
          "NOT_FOUND",
          null,
          false,
          false,
          "instance " + host.id() + " is in no zone of " + host.region() + " of project " + project,
          null);
    }
    return found;
  }

  /** Compute Engine's instance status as a {@link HostState}. */
  public static HostState state(String status) {
    return switch (status) {
      case "PROVISIONING", "STAGING", "REPAIRING" -> HostState.PENDING;
      case "RUNNING" -> HostState.RUNNING;
      case "STOPPING", "SUSPENDING" -> HostState.STOPPING;
      case "TERMINATED", "STOPPED", "SUSPENDED" -> HostState.STOPPED;
      case "DEPROVISIONING" -> HostState.TERMINATING;
      default -> HostState.PENDING;
    };
  }

  // ---- console -------------------------------------------------------------------------------

  public ConsoleOutput console(HostRef given, long offset) {
    HostRef host = located(given);
    SerialPortOutput out =
        host == null
            ? null
            : api.getOrNull(
                "read serial console of " + host.id(),
                () ->
                    api.instances()
                        .getSerialPortOutput(
                            GetSerialPortOutputInstanceRequest.newBuilder()
                                .setProject(project)
                                .setZone(host.zone())
                                .setInstance(host.id())
                                .setPort(1)
                                .setStart(offset)
                                .build()));
    if (out == null) {
      return new ConsoleOutput("", offset);
    }
    return new ConsoleOutput(out.getContents(), Math.max(offset, out.getNext()));
  }

  // ---- life ----------------------------------------------------------------------------------

  /** What can be done to an instance's power: each is one call with the same request shape. */
  public enum Life {
    STOP,
    START,
    DELETE
  }

  /** Stops, starts or deletes the host; deleting one already gone succeeds. */
  public void apply(Life life, HostRef given) {
    HostRef host = life == Life.DELETE ? located(given) : existing(given);
    if (host == null) {
      return;
    }
    apply(life, GcpResourceId.zonal(host.zone(), INSTANCES, host.id()));
  }

  /** Stops, starts or deletes the instance {@code id}; deleting one already gone succeeds. */
  public void apply(Life life, GcpResourceId id) {
    var instances = api.instances();
    calls.mutate(
        life.name().toLowerCase(Locale.ROOT) + " instance " + id.name(),
        rid ->
            switch (life) {
              case STOP ->
                  instances
                      .stopCallable()
                      .call(calls.on(StopInstanceRequest.newBuilder(), id, rid).build());
              case START ->
                  instances
                      .startCallable()
                      .call(calls.on(StartInstanceRequest.newBuilder(), id, rid).build());
              case DELETE ->
                  instances
                      .deleteCallable()
                      .call(calls.on(DeleteInstanceRequest.newBuilder(), id, rid).build());
            },
        life == Life.DELETE);
  }

  // ---- images and leases ---------------------------------------------------------------------

  public ImageRef snapshot(HostRef host, String name, Map<String, String> tags) {
    String imageName = Names.resource(name);
    Map<String, String> labels = new TreeMap<>();
    tags.forEach((k, v) -> labels.put(k, LabTags.sanitize(v)));
    labels.put(Names.REGION_LABEL, host.region());
    MachineImage body =
        MachineImage.newBuilder()
            .setName(imageName)
            .setDescription("NestLab image of " + host.id())
            .setSourceInstance(GcpResourceId.zonal(host.zone(), INSTANCES, host.id()).path(project))
            .putAllLabels(labels)
            .build();
    calls.insert(
        "create machine image " + imageName,
        rid ->
            api.machineImages()
                .insertCallable()
                .call(
                    calls
                        .in(InsertMachineImageRequest.newBuilder(), Scope.GLOBAL, null, rid)
                        .setMachineImageResource(body)
                        .build()));
    return new ImageRef(ID, host.region(), imageName);
  }

  /**
   * Moves the lease to {@code value} in the instance's label (for sweeps) and its metadata (which
   * the host's dead-man switch reads).
   */
  public void renewLease(GcpResourceId id, String value) {
    Instance i =
        api.call(
            "read instance " + id.name(), () -> api.instances().get(project, id.zone(), id.name()));
    Map<String, String> labels = new TreeMap<>(i.getLabelsMap());
    labels.put(LabTags.LEASE_UNTIL, value);
    calls.mutate(
        "renew lease label of " + id.name(),
        rid ->
            api.instances()
                .setLabelsCallable()
                .call(
                    calls
                        .on(SetLabelsInstanceRequest.newBuilder(), id, rid)
                        .setInstancesSetLabelsRequestResource(
                            InstancesSetLabelsRequest.newBuilder()
                                .setLabelFingerprint(i.getLabelFingerprint())
                                .putAllLabels(labels))
                        .build()),
        false);
    Metadata.Builder md = Metadata.newBuilder().setFingerprint(i.getMetadata().getFingerprint());
    boolean seen = false;
    for (Items item : i.getMetadata().getItemsList()) {
      boolean lease = item.getKey().equals(LabTags.LEASE_UNTIL);
      md.addItems(lease ? item.toBuilder().setValue(value).build() : item);
      seen |= lease;
    }
    if (!seen) {
      md.addItems(Items.newBuilder().setKey(LabTags.LEASE_UNTIL).setValue(value));
    }
    calls.mutate(
        "renew lease metadata of " + id.name(),
        rid ->
            api.instances()
                .setMetadataCallable()
                .call(
                    calls
                        .on(SetMetadataInstanceRequest.newBuilder(), id, rid)
                        .setMetadataResource(md)
                        .build()),
        false);
  }
}
