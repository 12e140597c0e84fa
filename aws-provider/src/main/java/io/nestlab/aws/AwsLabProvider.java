package io.nestlab.aws;

import static io.nestlab.aws.internal.Ec2Tags.filter;

import io.nestlab.CapacityException;
import io.nestlab.InvalidSpecException;
import io.nestlab.NestLabException;
import io.nestlab.Problem;
import io.nestlab.aws.internal.AwsClients;
import io.nestlab.aws.internal.AwsErrors;
import io.nestlab.aws.internal.Ec2Inventory;
import io.nestlab.aws.internal.Ec2Network;
import io.nestlab.aws.internal.Ec2Tags;
import io.nestlab.aws.internal.ImageResolver;
import io.nestlab.aws.internal.QuotaCheck;
import io.nestlab.aws.internal.ServiceQuotasClient;
import io.nestlab.aws.internal.Waits;
import io.nestlab.catalog.Market;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.ImageRef;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.PreflightReport.Check;
import io.nestlab.spi.PreflightReport.Status;
import io.nestlab.spi.ProviderCapabilities;
import io.nestlab.spi.TagFilter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataTagsState;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.NestedVirtualizationSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The EC2 implementation of {@link LabProvider}: one lab network per lab (VPC, subnet, internet
 * gateway, route table, security group), an L1 host launched with nested virtualization (or on bare
 * metal), IMDSv2 only with instance tags in the metadata, encrypted gp3 disks and terminate on
 * shutdown. Clients are made on first use and closed with the provider.
 */
public final class AwsLabProvider implements LabProvider {
  /** EC2 accepts at most 16 KB of user data, before base64 encoding. */
  public static final int MAX_USER_DATA_BYTES = 16 * 1024;

  /** Tag holding a hash of the launch's idempotency key, to find a launched host again. */
  public static final String LAUNCH_TAG = "nestlab-launch";

  private final AwsSettings settings;
  private final Function<Region, AwsClients> clientFactory;
  private final Duration poll;
  private final CallerAddress callerAddress;
  private volatile AwsClients clients;

  AwsLabProvider(
      AwsSettings settings,
      Function<Region, AwsClients> clientFactory,
      Duration poll,
      CallerAddress callerAddress) {
    this.settings = settings;
    this.clientFactory = clientFactory;
    this.poll = poll;
    this.callerAddress = callerAddress;
  }

  /** How the provider learns the caller's public address (for the default ingress rule). */
  @FunctionalInterface
  interface CallerAddress {
    /** The caller's public IPv4 address, or null when it cannot be told. */
    String lookup(AwsClients clients);
  }

  @Override
  public String id() {
    return AwsErrors.PROVIDER;
  }

  @Override
  public ProviderCapabilities capabilities() {
    return new ProviderCapabilities(true, true, true, MAX_USER_DATA_BYTES);
  }

  /** The settings this provider was made with. */
  public AwsSettings settings() {
    return settings;
  }

  AwsClients clients(String requestedRegion) {
    AwsClients c = clients;
    if (c == null) {
      synchronized (this) {
        c = clients;
        if (c == null) {
          String r = settings.region() != null ? settings.region() : requestedRegion;
          Region region;
          if (r != null) {
            region = Region.of(r);
          } else {
            try {
              region =
                  software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain.builder()
                      .build()
                      .getRegion();
            } catch (RuntimeException e) {
              throw new InvalidSpecException(
                  "aws provider settings",
                  List.of(
                      Problem.of(
                          AwsSettings.REGION,
                          "no AWS region given and none configured; pass --provider-opt"
                              + " region=us-east-1 or set AWS_REGION")));
            }
          }
          c = clientFactory.apply(region);
          clients = c;
        }
      }
    }
    if (requestedRegion != null && !requestedRegion.equals(c.region().id())) {
      throw new InvalidSpecException(
          "aws provider",
          List.of(
              Problem.of(
                  "region",
                  "this provider works in "
                      + c.region().id()
                      + " but was asked for "
                      + requestedRegion
                      + "; create one provider per region")));
    }
    return c;
  }

  private Ec2Client ec2(String region) {
    return clients(region).ec2();
  }

  private Waits waits(String region) {
    return new Waits(ec2(region), settings.waitTimeout(), poll);
  }

  // ---------------------------------------------------------------- preflight

  @Override
  public PreflightReport preflight(HostRequest request) {
    List<Check> checks = new ArrayList<>();
    AwsClients c = clients(request.region());
    String region = c.region().id();
    checks.add(checkUserData(request));
    try {
      var id = c.sts().getCallerIdentity();
      checks.add(
          new Check("credentials", Status.OK, "AWS account " + id.account() + " as " + id.arn()));
    } catch (RuntimeException e) {
      checks.add(new Check("credentials", Status.FAIL, message("reading the caller identity", e)));
      return new PreflightReport(id(), checks);
    }
    InstanceTypeInfo info = null;
    try {
      var types =
          c.ec2()
              .describeInstanceTypes(b -> b.instanceTypesWithStrings(request.instanceType()))
              .instanceTypes();
      info = types.isEmpty() ? null : types.get(0);
    } catch (RuntimeException e) {
      checks.add(
          new Check(
              "instance type", Status.FAIL, message("describing " + request.instanceType(), e)));
    }
    if (info != null) {
      checks.add(nestedCheck(request, info));
    }
    List<String> zones = List.of();
    try {
      zones = zonesOffering(c.ec2(), request.instanceType());
      if (zones.isEmpty()) {
        checks.add(
            new Check(
                "offering",
                Status.FAIL,
                request.instanceType()
                    + " is not offered in any zone of "
                    + region
                    + "; pick another region or type"));
      } else if (request.zone() != null && !zones.contains(request.zone())) {
        checks.add(
            new Check(
                "offering",
                Status.FAIL,
                request.instanceType()
                    + " is not offered in "
                    + request.zone()
                    + "; it is in "
                    + String.join(", ", zones)));
      } else {
        checks.add(
            new Check("offering", Status.OK, request.instanceType() + " is offered in " + zones));
      }
    } catch (RuntimeException e) {
      checks.add(new Check("offering", Status.FAIL, message("reading offerings", e)));
    }
    checks.add(dryRun(c, request, zones));
    checks.add(
        new QuotaCheck(c.ec2(), quotas(c))
            .check(
                region,
                request.instanceType(),
                info == null || info.vCpuInfo() == null ? null : info.vCpuInfo().defaultVCpus(),
                request.market() == Market.SPOT));
    return new PreflightReport(id(), checks);
  }

  private ServiceQuotasClient quotas(AwsClients c) {
    return new ServiceQuotasClient(
        c.http(),
        c.credentials(),
        settings.serviceQuotasEndpoint(c.region().id()),
        c.region().id(),
        Math.min(settings.maxAttempts(), 4),
        Duration.ofMillis(200));
  }

  private static Check checkUserData(HostRequest request) {
    int bytes = request.userDataSize();
    if (bytes > MAX_USER_DATA_BYTES) {
      return new Check("user data", Status.FAIL, userDataTooLarge(bytes));
    }
    return new Check("user data", Status.OK, bytes + " of " + MAX_USER_DATA_BYTES + " bytes");
  }

  private static String userDataTooLarge(int bytes) {
    return "user data is "
        + bytes
        + " bytes; EC2 accepts at most "
        + MAX_USER_DATA_BYTES
        + " (16 KB) before base64: compress it (gzip) or fetch the rest from the L1 host";
  }

  private static Check nestedCheck(HostRequest request, InstanceTypeInfo info) {
    boolean metal = Boolean.TRUE.equals(info.bareMetal());
    boolean nested =
        info.processorInfo() != null
            && info.processorInfo().supportedFeaturesAsStrings().contains("nested-virtualization");
    if (request.nestedVirtualization()) {
      return nested
          ? new Check(
              "virtualization",
              Status.OK,
              request.instanceType() + " supports nested virtualization")
          : new Check(
              "virtualization",
              Status.FAIL,
              request.instanceType()
                  + " does not support nested virtualization; pick a C8i/M8i/R8i type or a .metal type");
    }
    return metal
        ? new Check("virtualization", Status.OK, request.instanceType() + " is bare metal")
        : new Check(
            "virtualization",
            Status.FAIL,
            request.instanceType()
                + " is neither bare metal nor launched with nested virtualization; KVM cannot run on it");
  }

  private Check dryRun(AwsClients c, HostRequest request, List<String> zones) {
    try {
      String ami = images(c).imageId();
      String zone = request.zone() != null ? request.zone() : zones.isEmpty() ? null : zones.get(0);
      String subnet =
          request.network() == null || zone == null ? null : existingSubnet(c, request, zone);
      c.ec2()
          .runInstances(
              runRequest(
                  request,
                  ami,
                  images(c).rootDeviceName(),
                  subnet,
                  request.network(),
                  zone,
                  null,
                  true));
      return new Check("dry run", Status.WARN, "RunInstances DryRun was not refused nor confirmed");
    } catch (AwsServiceException e) {
      String code = AwsErrors.code(e);
      if ("DryRunOperation".equals(code)) {
        return new Check("dry run", Status.OK, "RunInstances with these parameters is allowed");
      }
      if ("VPCIdNotSpecified".equals(code) || "MissingInput".equals(code)) {
        return new Check(
            "dry run",
            Status.OK,
            "allowed; the network is made at launch (" + code + " without a subnet)");
      }
      return new Check("dry run", Status.FAIL, message("RunInstances DryRun", e));
    } catch (RuntimeException e) {
      return new Check("dry run", Status.FAIL, message("RunInstances DryRun", e));
    }
  }

  private static String message(String what, RuntimeException e) {
    if (e instanceof software.amazon.awssdk.core.exception.SdkException s) {
      return AwsErrors.translate(what, s).getMessage();
    }
    return what + " failed: " + e.getMessage();
  }

  private String existingSubnet(AwsClients c, HostRequest request, String zone) {
    if ("true".equals(request.network().ids().get(Ec2Network.REUSED))) {
      return request.network().ids().get(Ec2Network.SUBNET);
    }
    var subnets =
        c.ec2()
            .describeSubnets(
                b ->
                    b.filters(
                        filter("tag:" + LabTags.LAB, request.labId()),
                        filter("availability-zone", zone)))
            .subnets();
    return subnets.isEmpty() ? null : subnets.get(0).subnetId();
  }

  private ImageResolver imageResolver;

  private synchronized ImageResolver images(AwsClients c) {
    if (imageResolver == null) {
      imageResolver = new ImageResolver(c.ec2(), c.ssm(), c.region().id(), settings.amiId());
    }
    return imageResolver;
  }

  // ---------------------------------------------------------------- network

  @Override
  public NetworkRef ensureNetwork(NetworkRequest request) {
    AwsClients c = clients(request.region());
    List<String> cidrs = ingressCidrs(c, request);
    return new Ec2Network(c.ec2(), c.region().id())
        .ensure(request, cidrs, settings.ingressPorts(), settings.subnetId());
  }

  List<String> ingressCidrs(AwsClients c, NetworkRequest request) {
    List<String> cidrs =
        !request.allowedIngressCidrs().isEmpty()
            ? request.allowedIngressCidrs()
            : settings.allowedIngressCidrs();
    List<String> messages = new ArrayList<>();
    cidrs =
        io.nestlab.spi.IngressCidrs.ingress(
            cidrs, settings.allowAnyIngress(), AwsSettings.ANY_INGRESS_OPT_IN, messages);
    List<Problem> problems =
        messages.stream().map(m -> Problem.of("allowedIngressCidrs", m)).toList();
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("aws network", problems);
    }
    if (!cidrs.isEmpty()) {
      return cidrs;
    }
    String ip = callerAddress.lookup(c);
    if (ip == null) {
      throw new InvalidSpecException(
          "aws network",
          List.of(
              Problem.of(
                  "allowedIngressCidrs",
                  "your public address could not be determined; pass --provider-opt"
                      + " allowedIngressCidrs=<your address>/32")));
    }
    return List.of(ip + "/32");
  }

  // ---------------------------------------------------------------- launch

  @Override
  public HostRef launchHost(HostRequest request) {
    int bytes = request.userDataSize();
    if (bytes > MAX_USER_DATA_BYTES) {
      throw new InvalidSpecException(
          "aws launch", List.of(Problem.of("userData", userDataTooLarge(bytes))));
    }
    if (request.network() == null) {
      throw new IllegalArgumentException("launchHost needs the network from ensureNetwork");
    }
    AwsClients c = clients(request.region());
    Ec2Client ec2 = c.ec2();
    String region = c.region().id();
    String launchTag = hash(request.idempotencyKey()).substring(0, 32);
    Instance existing = findLaunched(ec2, request.labId(), launchTag);
    if (existing != null) {
      return ref(region, existing);
    }
    String ami = images(c).imageId();
    String keyName = ensureKeyPair(ec2, request);
    List<String> zones = launchZones(ec2, request);
    Ec2Network network = new Ec2Network(ec2, region);
    List<String> refused = new ArrayList<>();
    CapacityException last = null;
    for (String zone : zones) {
      String subnet = network.subnetIn(request.network(), request.labId(), zone, request.tags());
      RunInstancesRequest run =
          runRequest(
                  request,
                  ami,
                  images(c).rootDeviceName(),
                  subnet,
                  request.network(),
                  zone,
                  keyName,
                  false)
              .toBuilder()
              .clientToken(hash(request.idempotencyKey() + "|" + zone).substring(0, 64))
              .tagSpecifications(launchTags(request, launchTag))
              .build();
      try {
        Instance i =
            AwsErrors.call(
                "launching " + request.instanceType() + " in " + zone,
                () -> ec2.runInstances(run).instances().get(0));
        return ref(region, i);
      } catch (CapacityException e) {
        refused.add(zone);
        last = e;
        if (!settings.zoneFallback()) {
          break;
        }
      }
    }
    throw new CapacityException(
        AwsErrors.PROVIDER,
        last == null ? null : last.code(),
        last == null ? null : last.requestId(),
        "no capacity for "
            + request.instanceType()
            + " in "
            + String.join(", ", refused)
            + (settings.zoneFallback() ? "" : " (zoneFallback=false)")
            + "; try the plan's next option, another region, or later",
        last);
  }

  private List<software.amazon.awssdk.services.ec2.model.TagSpecification> launchTags(
      HostRequest request, String launchTag) {
    Map<String, String> hostTags = new LinkedHashMap<>(request.tags());
    hostTags.put(LAUNCH_TAG, launchTag);
    String name = "nestlab-" + request.labId();
    return List.of(
        Ec2Tags.spec(ResourceType.INSTANCE, hostTags, name),
        Ec2Tags.spec(ResourceType.VOLUME, request.tags(), name),
        Ec2Tags.spec(ResourceType.NETWORK_INTERFACE, request.tags(), name));
  }

  /** The RunInstances request for {@code request}; {@code subnet} may be null for a dry run. */
  RunInstancesRequest runRequest(
      HostRequest request,
      String ami,
      String rootDevice,
      String subnet,
      NetworkRef network,
      String zone,
      String keyName,
      boolean dryRun) {
    List<BlockDeviceMapping> disks = new ArrayList<>();
    disks.add(disk(rootDevice, request.bootDiskGib()));
    if (request.dataDiskGib() > 0) {
      disks.add(disk("/dev/sdf", request.dataDiskGib()));
    }
    RunInstancesRequest.Builder b =
        RunInstancesRequest.builder()
            .dryRun(dryRun)
            .imageId(ami)
            .instanceType(request.instanceType())
            .minCount(1)
            .maxCount(1)
            .keyName(keyName)
            .blockDeviceMappings(disks)
            .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
            .metadataOptions(
                m ->
                    m.httpTokens(HttpTokensState.REQUIRED)
                        .httpEndpoint(InstanceMetadataEndpointState.ENABLED)
                        .httpPutResponseHopLimit(1)
                        .instanceMetadataTags(InstanceMetadataTagsState.ENABLED));
    if (request.userDataSize() > 0) {
      // Raw bytes (text or gzip, which cloud-init unpacks), base64 only for transport.
      b.userData(Base64.getEncoder().encodeToString(request.userData()));
    }
    if (request.nestedVirtualization()) {
      b.cpuOptions(o -> o.nestedVirtualization(NestedVirtualizationSpecification.ENABLED));
    }
    if (request.market() == Market.SPOT) {
      b.instanceMarketOptions(
          o ->
              o.marketType("spot")
                  .spotOptions(
                      s ->
                          s.spotInstanceType("one-time")
                              .instanceInterruptionBehavior("terminate")));
    }
    if (subnet != null) {
      String sg = network.ids().get(Ec2Network.SECURITY_GROUP);
      b.networkInterfaces(
          InstanceNetworkInterfaceSpecification.builder()
              .deviceIndex(0)
              .subnetId(subnet)
              .groups(sg)
              .associatePublicIpAddress(true)
              .deleteOnTermination(true)
              .build());
    } else if (zone != null) {
      b.placement(p -> p.availabilityZone(zone));
    }
    return b.build();
  }

  private static BlockDeviceMapping disk(String device, int gib) {
    return BlockDeviceMapping.builder()
        .deviceName(device)
        .ebs(
            e ->
                e.volumeSize(gib)
                    .volumeType(VolumeType.GP3)
                    .encrypted(true)
                    .deleteOnTermination(true))
        .build();
  }

  private Instance findLaunched(Ec2Client ec2, String labId, String launchTag) {
    return AwsErrors.call(
        "looking for a host already launched",
        () ->
            ec2
                .describeInstances(
                    b ->
                        b.filters(
                            filter("tag:" + LabTags.LAB, labId),
                            filter("tag:" + LAUNCH_TAG, launchTag),
                            filter(
                                "instance-state-name",
                                "pending",
                                "running",
                                "stopping",
                                "stopped")))
                .reservations()
                .stream()
                .flatMap(r -> r.instances().stream())
                .filter(i -> launchTag.equals(Ec2Tags.map(i.tags()).get(LAUNCH_TAG)))
                .filter(
                    i ->
                        !"terminated".equals(i.state().nameAsString())
                            && !"shutting-down".equals(i.state().nameAsString()))
                .findFirst()
                .orElse(null));
  }

  private String ensureKeyPair(Ec2Client ec2, HostRequest request) {
    if (request.sshPublicKey() == null || request.sshPublicKey().isBlank()) {
      return null;
    }
    String name = "nestlab-" + request.labId();
    var existing =
        AwsErrors.call(
            "looking up key pair " + name,
            () -> ec2.describeKeyPairs(b -> b.filters(filter("key-name", name))).keyPairs());
    if (!existing.isEmpty()) {
      return name;
    }
    try {
      ec2.importKeyPair(
          b ->
              b.keyName(name)
                  .publicKeyMaterial(
                      software.amazon.awssdk.core.SdkBytes.fromUtf8String(request.sshPublicKey()))
                  .tagSpecifications(Ec2Tags.spec(ResourceType.KEY_PAIR, request.tags(), name)));
    } catch (AwsServiceException e) {
      if (!"InvalidKeyPair.Duplicate".equals(AwsErrors.code(e))) {
        throw AwsErrors.translate("importing the lab's SSH key as key pair " + name, e);
      }
    }
    return name;
  }

  private List<String> launchZones(Ec2Client ec2, HostRequest request) {
    if ("true".equals(request.network().ids().get(Ec2Network.REUSED))) {
      var subnet =
          AwsErrors.call(
              "looking up the reused subnet",
              () ->
                  ec2.describeSubnets(
                          b -> b.subnetIds(request.network().ids().get(Ec2Network.SUBNET)))
                      .subnets());
      return List.of(subnet.get(0).availabilityZone());
    }
    List<String> offered = zonesOffering(ec2, request.instanceType());
    if (offered.isEmpty()) {
      throw new CapacityException(
          AwsErrors.PROVIDER,
          "Unsupported",
          null,
          request.instanceType()
              + " is not offered in any availability zone of this region;"
              + " pick another region or instance type",
          null);
    }
    List<String> zones = new ArrayList<>();
    if (request.zone() != null) {
      zones.add(request.zone());
    }
    if (request.zone() == null || settings.zoneFallback()) {
      offered.stream().filter(z -> !zones.contains(z)).forEach(zones::add);
    }
    return zones;
  }

  static List<String> zonesOffering(Ec2Client ec2, String instanceType) {
    return AwsErrors.call(
        "reading where " + instanceType + " is offered",
        () ->
            ec2
                .describeInstanceTypeOfferingsPaginator(
                    b ->
                        b.locationType(LocationType.AVAILABILITY_ZONE)
                            .filters(filter("instance-type", instanceType)))
                .instanceTypeOfferings()
                .stream()
                .map(o -> o.location())
                .distinct()
                .sorted()
                .toList());
  }

  private HostRef ref(String region, Instance i) {
    String zone = i.placement() == null ? null : i.placement().availabilityZone();
    return new HostRef(AwsErrors.PROVIDER, region, zone, i.instanceId());
  }

  static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  // ---------------------------------------------------------------- host life

  @Override
  public HostInfo describeHost(HostRef host) {
    Instance i = find(host);
    if (i == null) {
      return new HostInfo(host, HostState.NOT_FOUND, null, null, null, Map.of());
    }
    return new HostInfo(
        host,
        state(i.state().nameAsString()),
        i.instanceTypeAsString(),
        i.publicIpAddress(),
        i.privateIpAddress(),
        Ec2Tags.map(i.tags()));
  }

  private Instance find(HostRef host) {
    try {
      return ec2(host.region())
          .describeInstances(b -> b.instanceIds(host.id()))
          .reservations()
          .stream()
          .flatMap(r -> r.instances().stream())
          .findFirst()
          .orElse(null);
    } catch (AwsServiceException e) {
      if ("InvalidInstanceID.NotFound".equals(AwsErrors.code(e))
          || "InvalidInstanceID.Malformed".equals(AwsErrors.code(e))) {
        return null;
      }
      throw AwsErrors.translate("describing " + host.id(), e);
    }
  }

  static HostState state(String ec2State) {
    return switch (ec2State) {
      case "pending" -> HostState.PENDING;
      case "running" -> HostState.RUNNING;
      case "stopping" -> HostState.STOPPING;
      case "stopped" -> HostState.STOPPED;
      case "shutting-down" -> HostState.TERMINATING;
      case "terminated" -> HostState.TERMINATED;
      default -> HostState.PENDING;
    };
  }

  /**
   * The latest console output: without {@code Latest}, EC2 returns only what was buffered around
   * the last state change, so the bootstrap's progress would not show until the host stops. Every
   * Nitro type (all the L1 candidates) supports it; an older type gets the buffered output.
   */
  private String consoleOutput(HostRef host) {
    try {
      return ec2(host.region())
          .getConsoleOutput(b -> b.instanceId(host.id()).latest(true))
          .output();
    } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
      if (e.awsErrorDetails() == null
          || !"UnsupportedOperation".equals(e.awsErrorDetails().errorCode())) {
        throw e;
      }
      return ec2(host.region()).getConsoleOutput(b -> b.instanceId(host.id())).output();
    }
  }

  @Override
  public ConsoleOutput readConsole(HostRef host, long offset) {
    String encoded =
        AwsErrors.call("reading the console of " + host.id(), () -> consoleOutput(host));
    String text =
        encoded == null
            ? ""
            : new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
    if (offset < 0 || offset > text.length()) {
      // EC2 keeps only the last 64 KB: the text rotated past the offset; give all there is.
      return new ConsoleOutput(text, text.length());
    }
    return new ConsoleOutput(text.substring((int) offset), text.length());
  }

  @Override
  public void stopHost(HostRef host) {
    AwsErrors.run(
        "stopping " + host.id(),
        () -> ec2(host.region()).stopInstances(b -> b.instanceIds(host.id())));
    waits(host.region()).stopped(host.id());
  }

  @Override
  public void startHost(HostRef host) {
    AwsErrors.run(
        "starting " + host.id(),
        () -> ec2(host.region()).startInstances(b -> b.instanceIds(host.id())));
    waits(host.region()).running(host.id());
  }

  @Override
  public void terminateHost(HostRef host) {
    Instance current = find(host);
    if (current == null || "terminated".equals(current.state().nameAsString())) {
      return;
    }
    try {
      ec2(host.region()).terminateInstances(b -> b.instanceIds(host.id()));
    } catch (AwsServiceException e) {
      if ("InvalidInstanceID.NotFound".equals(AwsErrors.code(e))) {
        return;
      }
      throw AwsErrors.translate("terminating " + host.id(), e);
    }
    waits(host.region()).terminated(host.id());
  }

  @Override
  public ImageRef snapshotHost(HostRef host, String name, Map<String, String> tags) {
    Ec2Client ec2 = ec2(host.region());
    String imageId =
        AwsErrors.call(
            "imaging " + host.id(),
            () ->
                ec2.createImage(
                        b ->
                            b.instanceId(host.id())
                                .name(name)
                                .description("NestLab image of " + host.id())
                                .tagSpecifications(Ec2Tags.spec(ResourceType.IMAGE, tags, name)))
                    .imageId());
    // The image's snapshots are tagged as soon as EC2 names them; deleting the image deletes
    // them too (see Ec2Inventory), so a snapshot not yet named here still cannot leak.
    List<String> snapshots = Ec2Inventory.snapshotsOf(ec2, imageId);
    if (!snapshots.isEmpty()) {
      AwsErrors.run(
          "tagging the snapshots of " + imageId,
          () -> ec2.createTags(b -> b.resources(snapshots).tags(Ec2Tags.tags(tags))));
    }
    return new ImageRef(AwsErrors.PROVIDER, clients(host.region()).region().id(), imageId);
  }

  // ---------------------------------------------------------------- owned resources

  @Override
  public List<OwnedResource> listOwned(TagFilter filter) {
    AwsClients c = clients(null);
    return new Ec2Inventory(c.ec2(), c.region().id(), waits(null)).list(filter);
  }

  @Override
  public void delete(OwnedResource resource) {
    AwsClients c = clients(resource.region());
    new Ec2Inventory(c.ec2(), c.region().id(), waits(resource.region())).delete(resource);
  }

  @Override
  public void renewLease(OwnedResource resource, Instant leaseUntil) {
    String id = resource.id();
    AwsErrors.run(
        "renewing the lease of " + resource.describe(),
        () ->
            ec2(resource.region())
                .createTags(
                    b ->
                        b.resources(id)
                            .tags(
                                Tag.builder()
                                    .key(LabTags.LEASE_UNTIL)
                                    .value(LabTags.formatTime(leaseUntil))
                                    .build())));
  }

  // ---------------------------------------------------------------- media

  /**
   * A short-lived presigned GET URL for {@code s3://bucket/key} media, so the L1 host needs no IAM
   * role; other URLs are returned unchanged.
   */
  @Override
  public URI mediaUrl(URI media, Duration validFor) {
    if (!"s3".equals(media.getScheme())) {
      return media;
    }
    String bucket = media.getHost();
    String key = media.getPath() == null ? "" : media.getPath().replaceFirst("^/", "");
    if (bucket == null || key.isEmpty()) {
      throw new InvalidSpecException(
          "media",
          List.of(Problem.of("media", "'" + media + "' is not s3://bucket/key; name the object")));
    }
    if (validFor.isNegative() || validFor.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("presigned URLs live at most 7 days, not " + validFor);
    }
    try {
      return clients(null)
          .presigner()
          .presignGetObject(
              p -> p.signatureDuration(validFor).getObjectRequest(g -> g.bucket(bucket).key(key)))
          .url()
          .toURI();
    } catch (java.net.URISyntaxException e) {
      throw new NestLabException("aws: the presigned URL for " + media + " is malformed", e);
    }
  }

  // ---------------------------------------------------------------- catalog

  /** Reads instance types, Spot prices and on-demand prices of this provider's region live. */
  public AwsCatalogRefresh.Result refreshCatalog(List<String> onDemandTypes) {
    AwsClients c = clients(null);
    return new AwsCatalogRefresh(c, settings.pricingEndpoint()).refresh(onDemandTypes);
  }

  /**
   * Reads this provider's whole region live: every KVM-capable type with its Spot and on-demand
   * prices, and the gp3 rate (see {@link AwsLiveCatalogSource}).
   */
  public AwsCatalogRefresh.Result refreshRegion() {
    AwsClients c = clients(null);
    return new AwsCatalogRefresh(c, settings.pricingEndpoint()).refreshRegion();
  }

  @Override
  public void close() {
    AwsClients c = clients;
    clients = null;
    if (c != null) {
      c.close();
    }
  }
}
