package io.nestlab.aws.internal;

import static io.nestlab.aws.internal.Ec2Tags.filter;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.spi.IngressCidrs;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * A lab's own network: VPC, internet gateway, route table with a default route, security group open
 * only to the allowed addresses, and one subnet per availability zone used (made when a host is
 * first launched there). Every piece is tagged at creation and found again by its tags, so calling
 * {@link #ensure} twice makes nothing twice.
 */
public final class Ec2Network {
  public static final String VPC = "vpc";
  public static final String IGW = "internetGateway";
  public static final String ROUTE_TABLE = "routeTable";
  public static final String SECURITY_GROUP = "securityGroup";
  public static final String SUBNET = "subnet";
  public static final String REUSED = "reusedSubnet";
  public static final String VPC_CIDR = "10.77.0.0/16";

  private final Ec2Client ec2;
  private final String region;

  public Ec2Network(Ec2Client ec2, String region) {
    this.ec2 = ec2;
    this.region = region;
  }

  /**
   * Creates what is missing of the lab's network.
   *
   * @param ingressCidrs the addresses to let in (already checked and defaulted)
   * @param ports the TCP ports to open to them
   * @param reuseSubnet an existing subnet to use instead of a new VPC, or null
   */
  public NetworkRef ensure(
      NetworkRequest req, List<String> ingressCidrs, List<Integer> ports, String reuseSubnet) {
    Map<String, String> tags = req.tags();
    String name = "nestlab-" + req.labId();
    Map<String, String> ids = new LinkedHashMap<>();
    String vpcId;
    if (reuseSubnet != null) {
      Subnet s =
          AwsErrors.call(
                  "looking up subnet " + reuseSubnet,
                  () -> ec2.describeSubnets(b -> b.subnetIds(reuseSubnet)).subnets())
              .stream()
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidSpecException(
                          "aws provider settings",
                          List.of(
                              Problem.of(
                                  "subnetId",
                                  reuseSubnet + " does not exist in " + region + "; check it"))));
      vpcId = s.vpcId();
      ids.put(VPC, vpcId);
      ids.put(SUBNET, s.subnetId());
      ids.put(REUSED, "true");
    } else {
      vpcId = ensureVpc(req.labId(), tags, name);
      ids.put(VPC, vpcId);
      String igw = ensureInternetGateway(req.labId(), vpcId, tags, name);
      ids.put(IGW, igw);
      ids.put(ROUTE_TABLE, ensureRouteTable(req.labId(), vpcId, igw, tags, name));
    }
    ids.put(
        SECURITY_GROUP, ensureSecurityGroup(req.labId(), vpcId, tags, name, ingressCidrs, ports));
    return new NetworkRef(AwsErrors.PROVIDER, region, ids);
  }

  private String ensureVpc(String labId, Map<String, String> tags, String name) {
    var found =
        AwsErrors.call(
            "looking up the lab's VPC",
            () -> ec2.describeVpcs(b -> b.filters(filter("tag:" + LabTags.LAB, labId))).vpcs());
    if (!found.isEmpty()) {
      return found.get(0).vpcId();
    }
    return AwsErrors.call(
        "creating the lab's VPC",
        () ->
            ec2.createVpc(
                    b ->
                        b.cidrBlock(VPC_CIDR)
                            .tagSpecifications(Ec2Tags.spec(ResourceType.VPC, tags, name)))
                .vpc()
                .vpcId());
  }

  private String ensureInternetGateway(
      String labId, String vpcId, Map<String, String> tags, String name) {
    var found =
        AwsErrors.call(
            "looking up the lab's internet gateway",
            () ->
                ec2.describeInternetGateways(b -> b.filters(filter("tag:" + LabTags.LAB, labId)))
                    .internetGateways());
    String igw;
    boolean attached;
    if (found.isEmpty()) {
      igw =
          AwsErrors.call(
              "creating an internet gateway",
              () ->
                  ec2.createInternetGateway(
                          b ->
                              b.tagSpecifications(
                                  Ec2Tags.spec(ResourceType.INTERNET_GATEWAY, tags, name)))
                      .internetGateway()
                      .internetGatewayId());
      attached = false;
    } else {
      igw = found.get(0).internetGatewayId();
      attached = found.get(0).attachments().stream().anyMatch(a -> vpcId.equals(a.vpcId()));
    }
    if (!attached) {
      AwsErrors.run(
          "attaching internet gateway " + igw,
          () -> ec2.attachInternetGateway(b -> b.internetGatewayId(igw).vpcId(vpcId)));
    }
    return igw;
  }

  private String ensureRouteTable(
      String labId, String vpcId, String igw, Map<String, String> tags, String name) {
    var found =
        AwsErrors.call(
            "looking up the lab's route table",
            () ->
                ec2.describeRouteTables(
                        b ->
                            b.filters(filter("tag:" + LabTags.LAB, labId), filter("vpc-id", vpcId)))
                    .routeTables());
    if (!found.isEmpty()) {
      var rt = found.get(0);
      boolean hasDefault =
          rt.routes().stream().anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()));
      if (!hasDefault) {
        addDefaultRoute(rt.routeTableId(), igw);
      }
      return rt.routeTableId();
    }
    String rt =
        AwsErrors.call(
            "creating a route table",
            () ->
                ec2.createRouteTable(
                        b ->
                            b.vpcId(vpcId)
                                .tagSpecifications(
                                    Ec2Tags.spec(ResourceType.ROUTE_TABLE, tags, name)))
                    .routeTable()
                    .routeTableId());
    addDefaultRoute(rt, igw);
    return rt;
  }

  private void addDefaultRoute(String rt, String igw) {
    // Outbound route only: the L1 host downloads packages and media. Inbound is the security
    // group's business.
    AwsErrors.run(
        "adding the default route to " + rt,
        () ->
            ec2.createRoute(
                b -> b.routeTableId(rt).destinationCidrBlock("0.0.0.0/0").gatewayId(igw)));
  }

  private String ensureSecurityGroup(
      String labId,
      String vpcId,
      Map<String, String> tags,
      String name,
      List<String> cidrs,
      List<Integer> ports) {
    var found =
        AwsErrors.call(
            "looking up the lab's security group",
            () ->
                ec2.describeSecurityGroups(
                        b ->
                            b.filters(filter("tag:" + LabTags.LAB, labId), filter("vpc-id", vpcId)))
                    .securityGroups());
    String sg;
    List<IpPermission> existing;
    if (found.isEmpty()) {
      sg =
          AwsErrors.call(
              "creating a security group",
              () ->
                  ec2.createSecurityGroup(
                          b ->
                              b.groupName(name)
                                  .description("NestLab lab " + labId + ": SSH from allowed CIDRs")
                                  .vpcId(vpcId)
                                  .tagSpecifications(
                                      Ec2Tags.spec(ResourceType.SECURITY_GROUP, tags, name)))
                      .groupId());
      existing = List.of();
    } else {
      SecurityGroup g = found.get(0);
      sg = g.groupId();
      existing = g.ipPermissions();
    }
    List<IpPermission> missing = new ArrayList<>();
    for (int port : ports) {
      List<IpRange> ranges = new ArrayList<>();
      for (String cidr : cidrs) {
        boolean present =
            existing.stream()
                .anyMatch(
                    p ->
                        p.fromPort() != null
                            && p.fromPort() == port
                            && p.ipRanges().stream().anyMatch(r -> cidr.equals(r.cidrIp())));
        if (!present) {
          ranges.add(IpRange.builder().cidrIp(cidr).description("nestlab " + labId).build());
        }
      }
      if (!ranges.isEmpty()) {
        missing.add(
            IpPermission.builder()
                .ipProtocol("tcp")
                .fromPort(port)
                .toPort(port)
                .ipRanges(ranges)
                .build());
      }
    }
    if (!missing.isEmpty()) {
      AwsErrors.run(
          "opening " + ports + " to " + cidrs + " in " + sg,
          () ->
              ec2.authorizeSecurityGroupIngress(
                  b ->
                      b.groupId(sg)
                          .ipPermissions(missing)
                          .tagSpecifications(
                              Ec2Tags.spec(ResourceType.SECURITY_GROUP_RULE, tags, name))));
    }
    return sg;
  }

  /** The lab's subnet in {@code zone}, made (and routed) when missing. */
  public String subnetIn(NetworkRef net, String labId, String zone, Map<String, String> tags) {
    if ("true".equals(net.ids().get(REUSED))) {
      return net.ids().get(SUBNET);
    }
    String vpcId = net.ids().get(VPC);
    var found =
        AwsErrors.call(
            "looking up the lab's subnet in " + zone,
            () ->
                ec2.describeSubnets(
                        b ->
                            b.filters(
                                filter("tag:" + LabTags.LAB, labId),
                                filter("vpc-id", vpcId),
                                filter("availability-zone", zone)))
                    .subnets());
    if (!found.isEmpty()) {
      return found.get(0).subnetId();
    }
    String cidr = "10.77." + zoneIndex(zone) + ".0/24";
    String subnet =
        AwsErrors.call(
            "creating a subnet in " + zone,
            () ->
                ec2.createSubnet(
                        b ->
                            b.vpcId(vpcId)
                                .availabilityZone(zone)
                                .cidrBlock(cidr)
                                .tagSpecifications(
                                    Ec2Tags.spec(
                                        ResourceType.SUBNET,
                                        tags,
                                        "nestlab-" + labId + "-" + zone)))
                    .subnet()
                    .subnetId());
    String rt = net.ids().get(ROUTE_TABLE);
    AwsErrors.run(
        "routing subnet " + subnet,
        () -> ec2.associateRouteTable(b -> b.routeTableId(rt).subnetId(subnet)));
    return subnet;
  }

  /** 1 for zone a, 2 for b, ...: a distinct /24 per zone of the region. */
  static int zoneIndex(String zone) {
    char last = zone.charAt(zone.length() - 1);
    if (last >= 'a' && last <= 'z') {
      return 1 + (last - 'a');
    }
    return 100 + Math.floorMod(zone.hashCode(), 100);
  }

  /**
   * The ingress ranges of a lab network: {@code given} checked (the one rule in {@link
   * IngressCidrs}), else the caller's address as /32.
   *
   * @param caller the caller's public IPv4 address, or null when it cannot be told
   */
  public static List<String> ingressCidrs(
      List<String> given, boolean allowAny, String optIn, Supplier<String> caller) {
    List<String> messages = new ArrayList<>();
    List<String> cidrs = IngressCidrs.ingress(given, allowAny, optIn, messages);
    if (!messages.isEmpty()) {
      throw new InvalidSpecException(
          "aws network", messages.stream().map(m -> Problem.of("allowedIngressCidrs", m)).toList());
    }
    if (!cidrs.isEmpty()) {
      return cidrs;
    }
    String ip = caller.get();
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
}
