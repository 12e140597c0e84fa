package io.nestlab.gcp;

import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AdvancedMachineFeatures;
import com.google.cloud.compute.v1.AggregatedListDisksRequest;
import com.google.cloud.compute.v1.AggregatedListInstancesRequest;
import com.google.cloud.compute.v1.AggregatedListSubnetworksRequest;
import com.google.cloud.compute.v1.Allowed;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.DeleteDiskRequest;
import com.google.cloud.compute.v1.DeleteFirewallRequest;
import com.google.cloud.compute.v1.DeleteInstanceRequest;
import com.google.cloud.compute.v1.DeleteMachineImageRequest;
import com.google.cloud.compute.v1.DeleteNetworkRequest;
import com.google.cloud.compute.v1.DeleteSubnetworkRequest;
import com.google.cloud.compute.v1.Disk;
import com.google.cloud.compute.v1.DisksScopedList;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.GetSerialPortOutputInstanceRequest;
import com.google.cloud.compute.v1.Image;
import com.google.cloud.compute.v1.InsertFirewallRequest;
import com.google.cloud.compute.v1.InsertInstanceRequest;
import com.google.cloud.compute.v1.InsertMachineImageRequest;
import com.google.cloud.compute.v1.InsertNetworkRequest;
import com.google.cloud.compute.v1.InsertSubnetworkRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesScopedList;
import com.google.cloud.compute.v1.InstancesSetLabelsRequest;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.ListFirewallsRequest;
import com.google.cloud.compute.v1.ListMachineImagesRequest;
import com.google.cloud.compute.v1.ListNetworksRequest;
import com.google.cloud.compute.v1.MachineImage;
import com.google.cloud.compute.v1.MachineType;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.Network;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Quota;
import com.google.cloud.compute.v1.Region;
import com.google.cloud.compute.v1.Scheduling;
import com.google.cloud.compute.v1.SerialPortOutput;
import com.google.cloud.compute.v1.ServiceAccount;
import com.google.cloud.compute.v1.SetLabelsDiskRequest;
import com.google.cloud.compute.v1.SetLabelsInstanceRequest;
import com.google.cloud.compute.v1.SetMetadataInstanceRequest;
import com.google.cloud.compute.v1.ShieldedInstanceConfig;
import com.google.cloud.compute.v1.StartInstanceRequest;
import com.google.cloud.compute.v1.StopInstanceRequest;
import com.google.cloud.compute.v1.Subnetwork;
import com.google.cloud.compute.v1.SubnetworksScopedList;
import com.google.cloud.compute.v1.Tags;
import com.google.cloud.compute.v1.ZoneSetLabelsRequest;
import io.nestlab.CapacityException;
import io.nestlab.InvalidSpecException;
import io.nestlab.PartialFailureException;
import io.nestlab.Problem;
import io.nestlab.ProviderException;
import io.nestlab.bootstrap.L1Image;
import io.nestlab.catalog.Market;
import io.nestlab.gcp.internal.ComputeApi;
import io.nestlab.gcp.internal.DescriptionLabels;
import io.nestlab.gcp.internal.GcpErrors;
import io.nestlab.gcp.internal.GcpSettings;
import io.nestlab.gcp.internal.MachineSeries;
import io.nestlab.gcp.internal.Names;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.ImageRef;
import io.nestlab.spi.IngressCidrs;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.PreflightReport.Check;
import io.nestlab.spi.PreflightReport.Status;
import io.nestlab.spi.ProviderCapabilities;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The Compute Engine provider: one custom-mode VPC network, subnetwork and ingress firewall rule
 * per lab, and one L1 instance with nested virtualization (or a bare-metal {@code c3-*-metal}
 * host). Create it with {@link GcpProviderFactory}; see docs/providers/gcp.md.
 */
public final class GcpLabProvider implements LabProvider {
  /** GCE metadata values are limited to 256 KiB each. */
  public static final int MAX_USER_DATA_BYTES = 256 * 1024;

  private static final String ID = GcpErrors.PROVIDER;
  private static final String REGION_LABEL = "nestlab-region";

  private final GcpSettings settings;
  private final ComputeApi api;
  private final String project;

  GcpLabProvider(GcpSettings settings) {
    this.settings = settings;
    this.api = new ComputeApi(settings);
    this.project = settings.project();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ProviderCapabilities capabilities() {
    return new ProviderCapabilities(true, true, true, MAX_USER_DATA_BYTES);
  }

  // ---- preflight ---------------------------------------------------------------------------

  @Override
  public PreflightReport preflight(HostRequest request) {
    List<Check> checks = new ArrayList<>();
    String region = settings.regionFor(request.region());
    checks.add(
        check(
            "project",
            () -> {
              api.call("read project " + project, () -> api.projects().get(project));
              return ok("project " + project + " is reachable");
            }));
    MachineSeries series;
    try {
      series = MachineSeries.of(request.instanceType());
    } catch (IllegalArgumentException e) {
      checks.add(new Check("machine type", Status.FAIL, e.getMessage()));
      return new PreflightReport(ID, checks);
    }
    checks.add(nestedCheck(request, series));
    String zone;
    try {
      zone = zonesInOrder(region, request.zone()).get(0);
    } catch (ProviderException e) {
      checks.add(new Check("region", Status.FAIL, e.getMessage()));
      return new PreflightReport(ID, checks);
    }
    int[] vcpus = {0};
    checks.add(
        check(
            "machine type",
            () -> {
              MachineType mt =
                  api.getOrNull(
                      "read machine type",
                      () -> api.machineTypes().get(project, zone, request.instanceType()));
              if (mt == null) {
                return new Check(
                    "machine type",
                    Status.FAIL,
                    request.instanceType()
                        + " is not offered in "
                        + zone
                        + "; pick another zone (--provider-opt zone=...) or machine type");
              }
              vcpus[0] = mt.getGuestCpus();
              return ok(
                  request.instanceType()
                      + " is offered in "
                      + zone
                      + " ("
                      + mt.getGuestCpus()
                      + " vCPUs, "
                      + mt.getMemoryMb() / 1024
                      + " GiB)");
            }));
    checks.add(
        check(
            "quota",
            () -> {
              Region r =
                  api.call("read region " + region, () -> api.regions().get(project, region));
              String metric = series.cpuQuotaMetric(request.market() == Market.SPOT);
              for (Quota q : r.getQuotasList()) {
                if (q.getMetric().equals(metric)) {
                  double free = q.getLimit() - q.getUsage();
                  if (vcpus[0] > free) {
                    return new Check(
                        "quota",
                        Status.FAIL,
                        metric
                            + " in "
                            + region
                            + ": "
                            + (long) free
                            + " of "
                            + (long) q.getLimit()
                            + " free, "
                            + vcpus[0]
                            + " needed; request more at"
                            + " https://console.cloud.google.com/iam-admin/quotas?project="
                            + project);
                  }
                  return ok(metric + " in " + region + ": " + (long) free + " free");
                }
              }
              return new Check(
                  "quota", Status.WARN, "no " + metric + " quota listed for " + region);
            }));
    checks.add(
        check(
            "image",
            () -> {
              Image img =
                  api.call(
                      "resolve image family",
                      () ->
                          api.images()
                              .getFromFamily(settings.imageProject(), settings.imageFamily()));
              return ok(
                  settings.imageProject()
                      + "/"
                      + settings.imageFamily()
                      + " resolves to "
                      + img.getName());
            }));
    checks.add(serviceAccountCheck());
    int bytes = request.userDataSize();
    checks.add(
        request.userDataCompressed()
            ? new Check(
                "user data",
                Status.FAIL,
                "it is gzip-compressed; GCE metadata holds text only (render it for gcp)")
            : bytes > MAX_USER_DATA_BYTES
                ? new Check("user data", Status.FAIL, userDataTooLarge(bytes))
                : ok("user data", bytes + " of " + MAX_USER_DATA_BYTES + " bytes"));
    return new PreflightReport(ID, checks);
  }

  /** Says what the host may read with its token, so the choice shows in every preflight. */
  private Check serviceAccountCheck() {
    String sa = settings.serviceAccount();
    if (sa == null) {
      return ok(
          "service account",
          "none: the host holds no Google token, so gs:// media cannot be fetched"
              + " (service-account=none)");
    }
    return ok(
        "service account",
        (sa.equals("default") ? "the project's Compute Engine default service account" : sa)
            + " with read-only Cloud Storage scope, for gs:// media; the host can read every"
            + " object that account may read (see service-account in docs/providers/gcp.md)");
  }

  private static Check nestedCheck(HostRequest request, MachineSeries series) {
    if (series.metal()) {
      return ok("nested virtualization", request.instanceType() + " is bare metal: none needed");
    }
    if (!request.nestedVirtualization()) {
      return new Check(
          "nested virtualization",
          Status.WARN,
          "not requested for " + request.instanceType() + "; ESXi will not start its VMs");
    }
    if (!series.supportsNestedVirtualization()) {
      return new Check("nested virtualization", Status.FAIL, series.nestedRefusal());
    }
    return new Check(
        "nested virtualization",
        Status.WARN,
        "supported by "
            + series.series()
            + "; the organisation policy "
            + GcpErrors.NESTED_POLICY
            + " can still forbid it and is only seen at launch");
  }

  private interface CheckBody {
    Check run();
  }

  private static Check check(String name, CheckBody body) {
    try {
      Check c = body.run();
      return c.name() == null ? new Check(name, c.status(), c.detail()) : c;
    } catch (ProviderException | InvalidSpecException e) {
      return new Check(name, Status.FAIL, e.getMessage());
    }
  }

  private static Check ok(String detail) {
    return new Check(null, Status.OK, detail);
  }

  private static Check ok(String name, String detail) {
    return new Check(name, Status.OK, detail);
  }

  private static String userDataTooLarge(int bytes) {
    return "user data is "
        + bytes
        + " bytes; Compute Engine metadata values hold at most "
        + MAX_USER_DATA_BYTES
        + " bytes (256 KiB). Move large files out of cloud-init (fetch them at boot) or"
        + " compress the user data";
  }

  // ---- network ---------------------------------------------------------------------------

  @Override
  public NetworkRef ensureNetwork(NetworkRequest request) {
    String region = settings.regionFor(request.region());
    List<String> cidrs = ingressCidrs(request);
    Map<String, String> labels = new TreeMap<>(request.tags());
    labels.put(REGION_LABEL, region);
    List<String> created = new ArrayList<>();
    Map<String, String> ids = new LinkedHashMap<>();
    try {
      String network;
      String subnetwork;
      if (settings.network() != null) {
        network = "projects/" + project + "/global/networks/" + settings.network();
        subnetwork =
            "projects/" + project + "/regions/" + region + "/subnetworks/" + settings.subnetwork();
        api.call(
            "read network " + settings.network(),
            () -> api.networks().get(project, settings.network()));
        ids.put("owned", "false");
      } else {
        String name = Names.lab(request.labId());
        network = "projects/" + project + "/global/networks/" + name;
        subnetwork = "projects/" + project + "/regions/" + region + "/subnetworks/" + name;
        if (api.getOrNull("read network " + name, () -> api.networks().get(project, name))
            == null) {
          Network body =
              Network.newBuilder()
                  .setName(name)
                  .setAutoCreateSubnetworks(false)
                  .setDescription(DescriptionLabels.encode("NestLab lab network", labels))
                  .build();
          insert(
              "create network " + name,
              rid ->
                  api.networks()
                      .insertCallable()
                      .call(
                          InsertNetworkRequest.newBuilder()
                              .setProject(project)
                              .setRequestId(rid)
                              .setNetworkResource(body)
                              .build()));
          created.add("network " + name);
        }
        if (api.getOrNull(
                "read subnetwork " + name, () -> api.subnetworks().get(project, region, name))
            == null) {
          Subnetwork body =
              Subnetwork.newBuilder()
                  .setName(name)
                  .setNetwork(network)
                  .setIpCidrRange(settings.subnetCidr())
                  .setRegion(region)
                  .setPrivateIpGoogleAccess(true)
                  .setDescription(DescriptionLabels.encode("NestLab lab subnetwork", labels))
                  .build();
          insert(
              "create subnetwork " + name,
              rid ->
                  api.subnetworks()
                      .insertCallable()
                      .call(
                          InsertSubnetworkRequest.newBuilder()
                              .setProject(project)
                              .setRegion(region)
                              .setRequestId(rid)
                              .setSubnetworkResource(body)
                              .build()));
          created.add("subnetwork " + name);
        }
        ids.put("owned", "true");
      }
      String fw = Names.firewall(request.labId());
      String tag = Names.targetTag(request.labId());
      Firewall existing =
          api.getOrNull("read firewall " + fw, () -> api.firewalls().get(project, fw));
      if (existing == null) {
        Firewall body =
            Firewall.newBuilder()
                .setName(fw)
                .setNetwork(network)
                .setDirection("INGRESS")
                .setPriority(1000)
                .addAllSourceRanges(cidrs)
                .addTargetTags(tag)
                .addAllowed(
                    Allowed.newBuilder()
                        .setIPProtocol("tcp")
                        .addAllPorts(
                            settings.ingressPorts().stream().map(String::valueOf).toList()))
                .addAllowed(Allowed.newBuilder().setIPProtocol("icmp"))
                .setDescription(
                    DescriptionLabels.encode(
                        "NestLab lab ingress (allowed addresses only)", labels))
                .build();
        insert(
            "create firewall rule " + fw,
            rid ->
                api.firewalls()
                    .insertCallable()
                    .call(
                        InsertFirewallRequest.newBuilder()
                            .setProject(project)
                            .setRequestId(rid)
                            .setFirewallResource(body)
                            .build()));
        created.add("firewall " + fw);
      }
      ids.put("network", network);
      ids.put("subnetwork", subnetwork);
      ids.put("firewall", "projects/" + project + "/global/firewalls/" + fw);
      ids.put("targetTag", tag);
      return new NetworkRef(ID, region, ids);
    } catch (RuntimeException e) {
      if (created.isEmpty()) {
        throw e;
      }
      throw new PartialFailureException(
          "creating the network of lab " + request.labId() + " failed: " + e.getMessage(),
          created,
          e);
    }
  }

  /** The allowed ingress ranges: the request's, else the settings', else the caller's /32. */
  private List<String> ingressCidrs(NetworkRequest request) {
    List<String> given =
        !request.allowedIngressCidrs().isEmpty()
            ? request.allowedIngressCidrs()
            : settings.allowedCidrs();
    List<String> problems = new ArrayList<>();
    List<String> out =
        IngressCidrs.ingress(
            given, settings.allowOpenIngress(), GcpSettings.OPEN_INGRESS_OPT_IN, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(
          "gcp network", problems.stream().map(m -> Problem.of("allowedIngressCidrs", m)).toList());
    }
    if (out.isEmpty()) {
      out.add(callerAddress() + "/32");
    }
    return out;
  }

  /**
   * The caller's address. With an endpoint override (a test server), the local address that reaches
   * it; otherwise the public address an echo service reports.
   */
  private String callerAddress() {
    if (settings.endpoint() != null) {
      try (DatagramSocket s = new DatagramSocket()) {
        s.connect(
            new InetSocketAddress(
                InetAddress.getByName(settings.endpoint().getHost()),
                Math.max(1, settings.endpoint().getPort())));
        String a = s.getLocalAddress().getHostAddress();
        if (!a.contains(":") && !a.equals("0.0.0.0")) {
          return a;
        }
      } catch (IOException e) {
        // fall through to the echo service
      }
    }
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(settings.ipEchoUrl()).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      String ip = r.body().trim();
      IngressCidrs.normalise(ip);
      return ip;
    } catch (IOException | IllegalArgumentException e) {
      throw noCallerAddress(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw noCallerAddress(e);
    }
  }

  private InvalidSpecException noCallerAddress(Exception cause) {
    InvalidSpecException e =
        new InvalidSpecException(
            "gcp network",
            List.of(
                Problem.of(
                    "allowed-cidrs",
                    "could not learn your public address from "
                        + settings.ipEchoUrl()
                        + " ("
                        + cause.getMessage()
                        + "); pass --provider-opt allowed-cidrs=<your address>/32")));
    e.initCause(cause);
    return e;
  }

  /** Inserts with a fresh requestId reused by every retry, then waits for the operation. */
  private Operation insert(String what, java.util.function.Function<String, Operation> call) {
    String rid = UUID.randomUUID().toString();
    try {
      return api.await(api.call(what, () -> call.apply(rid)), what);
    } catch (ProviderException e) {
      if ("ALREADY_EXISTS".equals(e.code())) {
        return null;
      }
      throw e;
    }
  }

  // ---- hosts ---------------------------------------------------------------------------------

  @Override
  public HostRef launchHost(HostRequest request) {
    String region = settings.regionFor(request.region());
    int bytes = request.userDataSize();
    if (bytes > MAX_USER_DATA_BYTES) {
      throw new InvalidSpecException(
          "gcp host", List.of(Problem.of("userData", userDataTooLarge(bytes))));
    }
    MachineSeries series;
    try {
      series = MachineSeries.of(request.instanceType());
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(
          "gcp host", List.of(Problem.of("instanceType", e.getMessage())));
    }
    if (request.nestedVirtualization() && !series.supportsNestedVirtualization()) {
      throw new InvalidSpecException(
          "gcp host", List.of(Problem.of("instanceType", series.nestedRefusal())));
    }
    if (request.market() == Market.SPOT && !series.supportsSpot()) {
      throw new InvalidSpecException(
          "gcp host",
          List.of(
              Problem.of(
                  "market",
                  request.instanceType()
                      + " is bare metal, which Spot does not offer; use"
                      + " on-demand")));
    }
    if (request.network() == null || !request.network().ids().containsKey("subnetwork")) {
      throw new InvalidSpecException(
          "gcp host",
          List.of(Problem.of("network", "is required; call ensureNetwork first and pass its ref")));
    }
    String name = Names.instance(request.labId(), request.idempotencyKey());
    List<String> zones = zonesInOrder(region, request.zone());
    for (String z : zones) {
      Instance found =
          api.getOrNull("read instance " + name, () -> api.instances().get(project, z, name));
      if (found != null) {
        return new HostRef(ID, region, z, name);
      }
    }
    Image image =
        api.call(
            "resolve image family " + settings.imageFamily(),
            () -> api.images().getFromFamily(settings.imageProject(), settings.imageFamily()));
    List<String> exhausted = new ArrayList<>();
    for (String zone : zones) {
      Instance body = instanceBody(request, series, name, zone, image.getSelfLink());
      String what = "launch " + request.instanceType() + " in " + zone;
      try {
        insert(
            what,
            rid ->
                api.instances()
                    .insertCallable()
                    .call(
                        InsertInstanceRequest.newBuilder()
                            .setProject(project)
                            .setZone(zone)
                            .setRequestId(rid)
                            .setInstanceResource(body)
                            .build()));
        return new HostRef(ID, region, zone, name);
      } catch (CapacityException e) {
        exhausted.add(zone + " (no capacity)");
      } catch (ProviderException e) {
        if (String.valueOf(e.getMessage()).contains("does not exist in zone")) {
          exhausted.add(zone + " (not offered)");
        } else {
          throw e;
        }
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

  private List<String> zonesInOrder(String region, String preferred) {
    List<String> zones = new ArrayList<>(zonesOf(region));
    String first = preferred != null ? preferred : settings.zone();
    if (first != null && zones.remove(first)) {
      zones.add(0, first);
    }
    return zones;
  }

  private List<String> zonesOf(String region) {
    Region r = api.call("read region " + region, () -> api.regions().get(project, region));
    List<String> zones = new ArrayList<>();
    for (String url : r.getZonesList()) {
      zones.add(Names.last(url));
    }
    zones.sort(null);
    if (zones.isEmpty()) {
      throw new ProviderException(
          ID, "NO_ZONES", null, false, false, "region " + region + " lists no zones", null);
    }
    return zones;
  }

  private Instance instanceBody(
      HostRequest request, MachineSeries series, String name, String zone, String image) {
    Map<String, String> labels = new TreeMap<>();
    request.tags().forEach((k, v) -> labels.put(k, LabTags.sanitize(v)));
    boolean nested = request.nestedVirtualization() && !series.metal();
    String diskType = "zones/" + zone + "/diskTypes/" + series.diskType();
    Instance.Builder b =
        Instance.newBuilder()
            .setName(name)
            .setDescription("NestLab L1 host of lab " + request.labId())
            .setMachineType("zones/" + zone + "/machineTypes/" + request.instanceType())
            .putAllLabels(labels)
            .setTags(Tags.newBuilder().addItems(request.network().ids().get("targetTag")))
            .addDisks(
                AttachedDisk.newBuilder()
                    .setBoot(true)
                    .setAutoDelete(true)
                    .setType("PERSISTENT")
                    .setMode("READ_WRITE")
                    .setInitializeParams(
                        AttachedDiskInitializeParams.newBuilder()
                            .setDiskName(name)
                            .setSourceImage(image)
                            .setDiskSizeGb(Math.max(10, request.bootDiskGib()))
                            .setDiskType(diskType)
                            .putAllLabels(labels)))
            .addNetworkInterfaces(
                NetworkInterface.newBuilder()
                    .setNetwork(request.network().ids().get("network"))
                    .setSubnetwork(request.network().ids().get("subnetwork"))
                    .addAccessConfigs(
                        AccessConfig.newBuilder()
                            .setName("External NAT")
                            .setType("ONE_TO_ONE_NAT")
                            .setNetworkTier("PREMIUM")))
            .setMetadata(metadata(request));
    if (request.dataDiskGib() > 0) {
      b.addDisks(
          AttachedDisk.newBuilder()
              .setBoot(false)
              .setAutoDelete(true)
              .setType("PERSISTENT")
              .setMode("READ_WRITE")
              .setDeviceName("nestlab-data")
              .setInitializeParams(
                  AttachedDiskInitializeParams.newBuilder()
                      .setDiskName(name + "-data")
                      .setDiskSizeGb(request.dataDiskGib())
                      .setDiskType(diskType)
                      .putAllLabels(labels)));
    }
    if (nested) {
      b.setAdvancedMachineFeatures(
          AdvancedMachineFeatures.newBuilder().setEnableNestedVirtualization(true));
      String platform = series.minCpuPlatform(true);
      if (platform != null) {
        b.setMinCpuPlatform(platform);
      }
    }
    if (series.shieldedVm()) {
      b.setShieldedInstanceConfig(
          ShieldedInstanceConfig.newBuilder()
              .setEnableSecureBoot(true)
              .setEnableVtpm(true)
              .setEnableIntegrityMonitoring(true));
    }
    if (settings.serviceAccount() != null) {
      // For gs:// media: the host reads a token from the metadata server. Read-only Cloud
      // Storage is the only scope, whatever roles the account holds (docs/design/0064).
      b.addServiceAccounts(
          ServiceAccount.newBuilder()
              .setEmail(settings.serviceAccount())
              .addScopes(GcpSettings.STORAGE_READ_ONLY));
    }
    b.setScheduling(scheduling(request, series));
    return b.build();
  }

  private static Scheduling scheduling(HostRequest request, MachineSeries series) {
    Scheduling.Builder s = Scheduling.newBuilder();
    if (request.market() == Market.SPOT) {
      s.setProvisioningModel("SPOT")
          .setInstanceTerminationAction("DELETE")
          .setAutomaticRestart(false)
          .setOnHostMaintenance("TERMINATE");
    } else {
      s.setProvisioningModel("STANDARD").setAutomaticRestart(true);
      s.setOnHostMaintenance(series.metal() ? "TERMINATE" : "MIGRATE");
    }
    Duration max = request.maxRunDuration();
    if (max != null && !max.isZero() && !max.isNegative()) {
      // The cloud-side TTL backstop: spot hosts are deleted, on-demand hosts stopped (their
      // disks stay, labelled, so the lab can be resumed or swept).
      s.setMaxRunDuration(
          com.google.cloud.compute.v1.Duration.newBuilder().setSeconds(max.toSeconds()));
      if (request.market() != Market.SPOT) {
        s.setInstanceTerminationAction("STOP");
      }
    }
    return s.build();
  }

  private static Metadata metadata(HostRequest request) {
    Metadata.Builder m = Metadata.newBuilder();
    if (request.userDataSize() > 0) {
      m.addItems(Items.newBuilder().setKey("user-data").setValue(request.userDataText()));
      // Debian's GCE image has no cloud-init: its startup script installs it and applies user-data.
      m.addItems(
          Items.newBuilder()
              .setKey(L1Image.GCE_STARTUP_SCRIPT_KEY)
              .setValue(L1Image.gceStartupScript()));
    }
    String lease = request.tags().get(LabTags.LEASE_UNTIL);
    if (lease != null) {
      m.addItems(Items.newBuilder().setKey(LabTags.LEASE_UNTIL).setValue(lease));
    }
    if (request.sshPublicKey() != null && !request.sshPublicKey().isBlank()) {
      m.addItems(
          Items.newBuilder()
              .setKey("ssh-keys")
              .setValue("nestlab:" + request.sshPublicKey().trim()));
      m.addItems(Items.newBuilder().setKey("block-project-ssh-keys").setValue("TRUE"));
      m.addItems(Items.newBuilder().setKey("enable-oslogin").setValue("FALSE"));
    }
    return m.build();
  }

  @Override
  public HostInfo describeHost(HostRef given) {
    HostRef host = located(given);
    if (host == null) {
      return new HostInfo(given, HostState.NOT_FOUND, null, null, null, Map.of());
    }
    Instance i =
        api.getOrNull(
            "describe instance " + host.id(),
            () -> api.instances().get(project, host.zone(), host.id()));
    if (i == null) {
      return new HostInfo(host, HostState.NOT_FOUND, null, null, null, Map.of());
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
    for (String z : zonesOf(region)) {
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

  static HostState state(String status) {
    switch (status) {
      case "PROVISIONING":
      case "STAGING":
      case "REPAIRING":
        return HostState.PENDING;
      case "RUNNING":
        return HostState.RUNNING;
      case "STOPPING":
      case "SUSPENDING":
        return HostState.STOPPING;
      case "TERMINATED":
      case "STOPPED":
      case "SUSPENDED":
        return HostState.STOPPED;
      case "DEPROVISIONING":
        return HostState.TERMINATING;
      default:
        return HostState.PENDING;
    }
  }

  @Override
  public ConsoleOutput readConsole(HostRef given, long offset) {
    HostRef host = located(given);
    if (host == null) {
      return new ConsoleOutput("", offset);
    }
    SerialPortOutput out =
        api.getOrNull(
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

  @Override
  public void stopHost(HostRef given) {
    HostRef host = existing(given);
    mutate(
        "stop instance " + host.id(),
        rid ->
            api.instances()
                .stopCallable()
                .call(
                    StopInstanceRequest.newBuilder()
                        .setProject(project)
                        .setZone(host.zone())
                        .setInstance(host.id())
                        .setRequestId(rid)
                        .build()),
        false);
  }

  @Override
  public void startHost(HostRef given) {
    HostRef host = existing(given);
    mutate(
        "start instance " + host.id(),
        rid ->
            api.instances()
                .startCallable()
                .call(
                    StartInstanceRequest.newBuilder()
                        .setProject(project)
                        .setZone(host.zone())
                        .setInstance(host.id())
                        .setRequestId(rid)
                        .build()),
        false);
  }

  @Override
  public void terminateHost(HostRef given) {
    HostRef host = located(given);
    if (host == null) {
      return;
    }
    mutate(
        "delete instance " + host.id(),
        rid ->
            api.instances()
                .deleteCallable()
                .call(
                    DeleteInstanceRequest.newBuilder()
                        .setProject(project)
                        .setZone(host.zone())
                        .setInstance(host.id())
                        .setRequestId(rid)
                        .build()),
        true);
  }

  /** A mutation with a requestId reused by its retries; a 404 is success when {@code goneOk}. */
  private void mutate(
      String what, java.util.function.Function<String, Operation> call, boolean goneOk) {
    String rid = UUID.randomUUID().toString();
    try {
      api.await(api.call(what, () -> call.apply(rid)), what);
    } catch (ProviderException e) {
      if (!(goneOk && "NOT_FOUND".equals(e.code()))) {
        throw e;
      }
    }
  }

  @Override
  public ImageRef snapshotHost(HostRef host, String name, Map<String, String> tags) {
    String imageName = Names.resource(name);
    Map<String, String> labels = new TreeMap<>();
    tags.forEach((k, v) -> labels.put(k, LabTags.sanitize(v)));
    labels.put(REGION_LABEL, host.region());
    MachineImage body =
        MachineImage.newBuilder()
            .setName(imageName)
            .setDescription("NestLab image of " + host.id())
            .setSourceInstance(
                "projects/" + project + "/zones/" + host.zone() + "/instances/" + host.id())
            .putAllLabels(labels)
            .build();
    insert(
        "create machine image " + imageName,
        rid ->
            api.machineImages()
                .insertCallable()
                .call(
                    InsertMachineImageRequest.newBuilder()
                        .setProject(project)
                        .setRequestId(rid)
                        .setMachineImageResource(body)
                        .build()));
    return new ImageRef(ID, host.region(), imageName);
  }

  // ---- owned resources ---------------------------------------------------------------------

  @Override
  public List<OwnedResource> listOwned(TagFilter wanted) {
    String region = settings.region();
    // The lease is matched after the lab's live lease is applied (see withLabLeases).
    Map<String, String> relaxedEqual = new TreeMap<>(wanted.equal());
    relaxedEqual.remove(LabTags.LEASE_UNTIL);
    TagFilter filter = new TagFilter(relaxedEqual);
    StringBuilder f = new StringBuilder("labels." + LabTags.LAB + ":*");
    new TreeMap<>(filter.equal())
        .forEach(
            (k, v) -> f.append(" AND labels.").append(k).append(" = \"").append(v).append('"'));
    String labelFilter = f.toString();
    List<OwnedResource> out = new ArrayList<>();
    for (Map.Entry<String, InstancesScopedList> e :
        api.call(
                "list instances",
                () ->
                    api.instances()
                        .aggregatedList(
                            AggregatedListInstancesRequest.newBuilder()
                                .setProject(project)
                                .setFilter(labelFilter)
                                .build()))
            .iterateAll()) {
      for (Instance i : e.getValue().getInstancesList()) {
        String zone = Names.last(i.getZone());
        add(
            out,
            filter,
            region,
            zoneRegion(zone),
            ResourceKind.INSTANCE,
            "zones/" + zone + "/instances/" + i.getName(),
            i.getLabelsMap());
      }
    }
    for (Map.Entry<String, DisksScopedList> e :
        api.call(
                "list disks",
                () ->
                    api.disks()
                        .aggregatedList(
                            AggregatedListDisksRequest.newBuilder()
                                .setProject(project)
                                .setFilter(labelFilter)
                                .build()))
            .iterateAll()) {
      for (Disk d : e.getValue().getDisksList()) {
        if (d.getUsersCount() == 0) { // attached disks go with their instance
          String zone = Names.last(d.getZone());
          add(
              out,
              filter,
              region,
              zoneRegion(zone),
              ResourceKind.VOLUME,
              "zones/" + zone + "/disks/" + d.getName(),
              d.getLabelsMap());
        }
      }
    }
    for (MachineImage m :
        api.call(
                "list machine images",
                () ->
                    api.machineImages()
                        .list(
                            ListMachineImagesRequest.newBuilder()
                                .setProject(project)
                                .setFilter(labelFilter)
                                .build()))
            .iterateAll()) {
      add(
          out,
          filter,
          region,
          m.getLabelsMap().get(REGION_LABEL),
          ResourceKind.MACHINE_IMAGE,
          "global/machineImages/" + m.getName(),
          m.getLabelsMap());
    }
    for (Firewall fw :
        api.call(
                "list firewall rules",
                () ->
                    api.firewalls()
                        .list(ListFirewallsRequest.newBuilder().setProject(project).build()))
            .iterateAll()) {
      addDescribed(
          out,
          filter,
          region,
          ResourceKind.FIREWALL,
          "global/firewalls/" + fw.getName(),
          fw.getDescription());
    }
    // Subnetworks are regional: list them in every region, so that a sweep or a delete by tags
    // without a region still finds the one that keeps the lab's network in use.
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
        String where = Names.last(s.getRegion());
        DescriptionLabels.decode(s.getDescription())
            .ifPresent(
                labels ->
                    add(
                        out,
                        filter,
                        region,
                        where,
                        ResourceKind.SUBNET,
                        "regions/" + where + "/subnetworks/" + s.getName(),
                        labels));
      }
    }
    for (Network n :
        api.call(
                "list networks",
                () ->
                    api.networks()
                        .list(ListNetworksRequest.newBuilder().setProject(project).build()))
            .iterateAll()) {
      addDescribed(
          out,
          filter,
          region,
          ResourceKind.NETWORK,
          "global/networks/" + n.getName(),
          n.getDescription());
    }
    out.sort(OwnedResource.DELETION_ORDER);
    return withLabLeases(out, wanted);
  }

  /**
   * Networks, subnetworks, firewall rules and machine images hold the lease they were made with;
   * the lab's host holds the live one (renewLease moves it there). Their effective lease is the
   * later of the two, so a sweep never takes the network from under a living host. See
   * docs/design/0060-gcp-provider.md.
   */
  private static List<OwnedResource> withLabLeases(List<OwnedResource> owned, TagFilter filter) {
    Map<String, String> hostLease = new TreeMap<>();
    for (OwnedResource r : owned) {
      String lease = r.tags().get(LabTags.LEASE_UNTIL);
      if ((r.kind() == ResourceKind.INSTANCE || r.kind() == ResourceKind.VOLUME) && lease != null) {
        hostLease.merge(r.tags().get(LabTags.LAB), lease, (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }
    List<OwnedResource> out = new ArrayList<>();
    for (OwnedResource r : owned) {
      String live = hostLease.get(r.tags().get(LabTags.LAB));
      String own = r.tags().get(LabTags.LEASE_UNTIL);
      if (live != null && (own == null || live.compareTo(own) > 0)) {
        Map<String, String> tags = new TreeMap<>(r.tags());
        tags.put(LabTags.LEASE_UNTIL, live);
        r = new OwnedResource(r.provider(), r.region(), r.kind(), r.id(), tags);
      }
      if (filter.matches(r.tags())) {
        out.add(r);
      }
    }
    return out;
  }

  private static String zoneRegion(String zone) {
    return zone.substring(0, zone.lastIndexOf('-'));
  }

  private static void add(
      List<OwnedResource> out,
      TagFilter filter,
      String region,
      String resourceRegion,
      ResourceKind kind,
      String id,
      Map<String, String> labels) {
    if (filter.matches(labels) && (region == null || region.equals(resourceRegion))) {
      out.add(new OwnedResource(ID, resourceRegion, kind, id, labels));
    }
  }

  private static void addDescribed(
      List<OwnedResource> out,
      TagFilter filter,
      String region,
      ResourceKind kind,
      String id,
      String description) {
    DescriptionLabels.decode(description)
        .ifPresent(labels -> add(out, filter, region, labels.get(REGION_LABEL), kind, id, labels));
  }

  @Override
  public void delete(OwnedResource resource) {
    String[] p = resource.id().split("/");
    String what = "delete " + resource.describe();
    switch (resource.kind()) {
      case INSTANCE:
        terminateHost(new HostRef(ID, resource.region(), p[1], p[3]));
        return;
      case VOLUME:
        mutate(
            what,
            rid ->
                api.disks()
                    .deleteCallable()
                    .call(
                        DeleteDiskRequest.newBuilder()
                            .setProject(project)
                            .setZone(p[1])
                            .setDisk(p[3])
                            .setRequestId(rid)
                            .build()),
            true);
        return;
      case MACHINE_IMAGE:
        mutate(
            what,
            rid ->
                api.machineImages()
                    .deleteCallable()
                    .call(
                        DeleteMachineImageRequest.newBuilder()
                            .setProject(project)
                            .setMachineImage(p[2])
                            .setRequestId(rid)
                            .build()),
            true);
        return;
      case FIREWALL:
        mutate(
            what,
            rid ->
                api.firewalls()
                    .deleteCallable()
                    .call(
                        DeleteFirewallRequest.newBuilder()
                            .setProject(project)
                            .setFirewall(p[2])
                            .setRequestId(rid)
                            .build()),
            true);
        return;
      case SUBNET:
        mutate(
            what,
            rid ->
                api.subnetworks()
                    .deleteCallable()
                    .call(
                        DeleteSubnetworkRequest.newBuilder()
                            .setProject(project)
                            .setRegion(p[1])
                            .setSubnetwork(p[3])
                            .setRequestId(rid)
                            .build()),
            true);
        return;
      case NETWORK:
        mutate(
            what,
            rid ->
                api.networks()
                    .deleteCallable()
                    .call(
                        DeleteNetworkRequest.newBuilder()
                            .setProject(project)
                            .setNetwork(p[2])
                            .setRequestId(rid)
                            .build()),
            true);
        return;
      default:
        throw new IllegalArgumentException(
            "the gcp provider owns no " + resource.kind() + " resources: " + resource.id());
    }
  }

  @Override
  public void renewLease(OwnedResource resource, Instant leaseUntil) {
    String value = LabTags.formatTime(leaseUntil);
    String[] p = resource.id().split("/");
    if (resource.kind() == ResourceKind.INSTANCE) {
      String zone = p[1];
      String name = p[3];
      Instance i =
          api.call("read instance " + name, () -> api.instances().get(project, zone, name));
      Map<String, String> labels = new TreeMap<>(i.getLabelsMap());
      labels.put(LabTags.LEASE_UNTIL, value);
      mutate(
          "renew lease label of " + name,
          rid ->
              api.instances()
                  .setLabelsCallable()
                  .call(
                      SetLabelsInstanceRequest.newBuilder()
                          .setProject(project)
                          .setZone(zone)
                          .setInstance(name)
                          .setRequestId(rid)
                          .setInstancesSetLabelsRequestResource(
                              InstancesSetLabelsRequest.newBuilder()
                                  .setLabelFingerprint(i.getLabelFingerprint())
                                  .putAllLabels(labels))
                          .build()),
          false);
      Metadata.Builder md = Metadata.newBuilder().setFingerprint(i.getMetadata().getFingerprint());
      boolean seen = false;
      for (Items item : i.getMetadata().getItemsList()) {
        if (item.getKey().equals(LabTags.LEASE_UNTIL)) {
          md.addItems(Items.newBuilder().setKey(LabTags.LEASE_UNTIL).setValue(value));
          seen = true;
        } else {
          md.addItems(item);
        }
      }
      if (!seen) {
        md.addItems(Items.newBuilder().setKey(LabTags.LEASE_UNTIL).setValue(value));
      }
      mutate(
          "renew lease metadata of " + name,
          rid ->
              api.instances()
                  .setMetadataCallable()
                  .call(
                      SetMetadataInstanceRequest.newBuilder()
                          .setProject(project)
                          .setZone(zone)
                          .setInstance(name)
                          .setRequestId(rid)
                          .setMetadataResource(md)
                          .build()),
          false);
    } else if (resource.kind() == ResourceKind.VOLUME) {
      Disk d = api.call("read disk " + p[3], () -> api.disks().get(project, p[1], p[3]));
      Map<String, String> labels = new TreeMap<>(d.getLabelsMap());
      labels.put(LabTags.LEASE_UNTIL, value);
      mutate(
          "renew lease label of disk " + p[3],
          rid ->
              api.disks()
                  .setLabelsCallable()
                  .call(
                      SetLabelsDiskRequest.newBuilder()
                          .setProject(project)
                          .setZone(p[1])
                          .setResource(p[3])
                          .setRequestId(rid)
                          .setZoneSetLabelsRequestResource(
                              ZoneSetLabelsRequest.newBuilder()
                                  .setLabelFingerprint(d.getLabelFingerprint())
                                  .putAllLabels(labels))
                          .build()),
          false);
    }
    // Networks, subnetworks, firewall rules and machine images carry no lease: the host does.
  }

  @Override
  public void close() {
    api.close();
  }

  /** For messages and tests: where this provider points. */
  @Override
  public String toString() {
    URI e = settings.endpoint();
    return "GcpLabProvider[project=" + project + (e == null ? "" : ", endpoint=" + e) + "]";
  }
}
