package io.nestlab.aws.internal;

import static io.nestlab.aws.internal.Ec2Tags.filter;

import io.nestlab.NestLabTimeoutException;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Lists every resource carrying a lab's tags and deletes them one by one, in dependency order
 * (instances, images and their snapshots, volumes, key pairs, security groups, subnets, route
 * tables, internet gateways, VPCs). Deleting what is already gone succeeds.
 */
public final class Ec2Inventory {
  private static final Set<String> GONE =
      Set.of(
          "InvalidInstanceID.NotFound",
          "InvalidAMIID.NotFound",
          "InvalidAMIID.Unavailable",
          "InvalidSnapshot.NotFound",
          "InvalidVolume.NotFound",
          "InvalidKeyPair.NotFound",
          "InvalidGroup.NotFound",
          "InvalidSubnetID.NotFound",
          "InvalidRouteTableID.NotFound",
          "InvalidInternetGatewayID.NotFound",
          "InvalidVpcID.NotFound",
          "InvalidAddressID.NotFound",
          "InvalidAssociationID.NotFound");

  private final Ec2Client ec2;
  private final String region;
  private final Waits waits;

  public Ec2Inventory(Ec2Client ec2, String region, Waits waits) {
    this.ec2 = ec2;
    this.region = region;
    this.waits = waits;
  }

  /** Every owned resource matching {@code filter}, in deletion order. */
  public List<OwnedResource> list(TagFilter filter) {
    List<Filter> f = Ec2Tags.filters(filter);
    List<OwnedResource> out = new ArrayList<>();
    AwsErrors.run(
        "listing the lab's resources",
        () -> {
          ec2.describeInstancesPaginator(b -> b.filters(f))
              .reservations()
              .forEach(
                  r ->
                      r.instances().stream()
                          .filter(i -> !"terminated".equals(i.state().nameAsString()))
                          .forEach(i -> add(out, ResourceKind.INSTANCE, i.instanceId(), i.tags())));
          ec2.describeImages(b -> b.owners("self").filters(f))
              .images()
              .forEach(i -> add(out, ResourceKind.IMAGE, i.imageId(), i.tags()));
          ec2.describeSnapshotsPaginator(b -> b.ownerIds("self").filters(f))
              .snapshots()
              .forEach(s -> add(out, ResourceKind.SNAPSHOT, s.snapshotId(), s.tags()));
          ec2.describeVolumesPaginator(b -> b.filters(f))
              .volumes()
              .forEach(v -> add(out, ResourceKind.VOLUME, v.volumeId(), v.tags()));
          ec2.describeKeyPairs(b -> b.filters(f))
              .keyPairs()
              .forEach(k -> add(out, ResourceKind.KEY_PAIR, k.keyPairId(), k.tags()));
          ec2.describeSecurityGroupsPaginator(b -> b.filters(f))
              .securityGroups()
              .forEach(g -> add(out, ResourceKind.SECURITY_GROUP, g.groupId(), g.tags()));
          ec2.describeSubnetsPaginator(b -> b.filters(f))
              .subnets()
              .forEach(s -> add(out, ResourceKind.SUBNET, s.subnetId(), s.tags()));
          ec2.describeRouteTablesPaginator(b -> b.filters(f))
              .routeTables()
              .forEach(t -> add(out, ResourceKind.ROUTE_TABLE, t.routeTableId(), t.tags()));
          ec2.describeInternetGatewaysPaginator(b -> b.filters(f))
              .internetGateways()
              .forEach(
                  g -> add(out, ResourceKind.INTERNET_GATEWAY, g.internetGatewayId(), g.tags()));
          ec2.describeVpcsPaginator(b -> b.filters(f))
              .vpcs()
              .forEach(v -> add(out, ResourceKind.NETWORK, v.vpcId(), v.tags()));
        });
    // EC2 filters are applied again here: a test cloud may ignore a filter it does not know.
    return out.stream()
        .filter(r -> filter.matches(r.tags()))
        .sorted(OwnedResource.DELETION_ORDER)
        .toList();
  }

  private void add(List<OwnedResource> out, ResourceKind kind, String id, List<Tag> tags) {
    out.add(new OwnedResource(AwsErrors.PROVIDER, region, kind, id, Ec2Tags.map(tags)));
  }

  /** Deletes one resource; waits where the next deletion depends on this one being gone. */
  public void delete(OwnedResource r) {
    String id = r.id();
    String what = "deleting " + r.describe();
    switch (r.kind()) {
      case INSTANCE -> {
        if (alreadyTerminated(id)) {
          return;
        }
        if (ignoreGone(what, () -> ec2.terminateInstances(b -> b.instanceIds(id)))) {
          waits.terminated(id);
        }
      }
      case IMAGE -> {
        List<String> snapshots = snapshotsOf(ec2, id);
        ignoreGone(what, () -> ec2.deregisterImage(b -> b.imageId(id)));
        for (String snap : snapshots) {
          retryDependency(
              "deleting snapshot " + snap + " of " + id,
              () -> ec2.deleteSnapshot(b -> b.snapshotId(snap)));
        }
      }
      case SNAPSHOT -> retryDependency(what, () -> ec2.deleteSnapshot(b -> b.snapshotId(id)));
      case VOLUME -> retryDependency(what, () -> ec2.deleteVolume(b -> b.volumeId(id)));
      case KEY_PAIR -> {
        var keys =
            AwsErrors.call(
                "looking up " + id,
                () -> ec2.describeKeyPairs(b -> b.filters(filter("key-pair-id", id))).keyPairs());
        for (var k : keys) {
          ignoreGone(what, () -> ec2.deleteKeyPair(b -> b.keyName(k.keyName())));
        }
      }
      case SECURITY_GROUP ->
          retryDependency(what, () -> ec2.deleteSecurityGroup(b -> b.groupId(id)));
      case SUBNET -> retryDependency(what, () -> ec2.deleteSubnet(b -> b.subnetId(id)));
      case ROUTE_TABLE -> {
        var tables =
            AwsErrors.call(
                "looking up " + id,
                () ->
                    ec2.describeRouteTables(b -> b.filters(filter("route-table-id", id)))
                        .routeTables());
        for (var t : tables) {
          for (var a : t.associations()) {
            if (!Boolean.TRUE.equals(a.main()) && a.routeTableAssociationId() != null) {
              ignoreGone(
                  "detaching " + id + " from its subnet",
                  () ->
                      ec2.disassociateRouteTable(
                          b -> b.associationId(a.routeTableAssociationId())));
            }
          }
        }
        retryDependency(what, () -> ec2.deleteRouteTable(b -> b.routeTableId(id)));
      }
      case INTERNET_GATEWAY -> {
        var gws =
            AwsErrors.call(
                "looking up " + id,
                () ->
                    ec2.describeInternetGateways(b -> b.filters(filter("internet-gateway-id", id)))
                        .internetGateways());
        for (var gw : gws) {
          for (var a : gw.attachments()) {
            retryDependency(
                "detaching " + id + " from " + a.vpcId(),
                () -> ec2.detachInternetGateway(b -> b.internetGatewayId(id).vpcId(a.vpcId())));
          }
        }
        retryDependency(what, () -> ec2.deleteInternetGateway(b -> b.internetGatewayId(id)));
      }
      case NETWORK -> retryDependency(what, () -> ec2.deleteVpc(b -> b.vpcId(id)));
      default ->
          throw new IllegalArgumentException(
              "the aws provider does not own resources of kind " + r.kind());
    }
  }

  private boolean alreadyTerminated(String id) {
    try {
      return ec2.describeInstances(b -> b.instanceIds(id)).reservations().stream()
          .flatMap(r -> r.instances().stream())
          .allMatch(i -> "terminated".equals(i.state().nameAsString()));
    } catch (AwsServiceException e) {
      if (AwsErrors.hasCode(e, GONE)) {
        return true;
      }
      throw AwsErrors.translate("describing " + id, e);
    }
  }

  /** The EBS snapshots behind image {@code imageId}; empty when it is gone or not yet known. */
  public static List<String> snapshotsOf(Ec2Client ec2, String imageId) {
    try {
      return ec2.describeImages(b -> b.imageIds(imageId)).images().stream()
          .flatMap(i -> i.blockDeviceMappings().stream())
          .filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
          .map(m -> m.ebs().snapshotId())
          .toList();
    } catch (AwsServiceException e) {
      if (AwsErrors.hasCode(e, GONE)) {
        return List.of();
      }
      throw AwsErrors.translate("describing image " + imageId, e);
    }
  }

  /** Runs {@code call}; true when it ran, false when the resource was already gone. */
  private static boolean ignoreGone(String what, Runnable call) {
    try {
      call.run();
      return true;
    } catch (AwsServiceException e) {
      if (AwsErrors.hasCode(e, GONE)) {
        return false;
      }
      throw AwsErrors.translate(what, e);
    }
  }

  /**
   * Runs {@code call}, repeating it while AWS answers DependencyViolation (a dependant that is
   * still going away, such as a terminating instance's network interface), up to the wait timeout.
   */
  private void retryDependency(String what, Runnable call) {
    Instant deadline = Instant.now().plus(waits.timeout());
    while (true) {
      try {
        ignoreGone(what, call);
        return;
      } catch (io.nestlab.ProviderException e) {
        boolean dependent =
            "DependencyViolation".equals(e.code()) || "InvalidSnapshot.InUse".equals(e.code());
        if (!dependent) {
          throw e;
        }
        if (Instant.now().isAfter(deadline)) {
          throw new NestLabTimeoutException(
              what + " (still in use: " + e.getMessage() + ")", waits.timeout());
        }
        waits.pause();
      }
    }
  }

  /** For messages: the ids of {@code resources}, by kind. */
  public static String summary(List<OwnedResource> resources) {
    return String.join(", ", resources.stream().map(OwnedResource::describe).toList());
  }
}
