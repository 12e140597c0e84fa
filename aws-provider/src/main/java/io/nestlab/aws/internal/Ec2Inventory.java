package io.nestlab.aws.internal;

import static io.nestlab.aws.internal.Ec2Tags.filter;

import io.nestlab.NestLabTimeoutException;
import io.nestlab.spi.LabTags;
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
 * tables, internet gateways, VPCs), one entry per kind ({@link #kinds()}); moves their lease tag.
 * Deleting what is already gone succeeds.
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

  /**
   * One kind of owned resource: how to list the ones matching EC2 tag filters, and how to delete
   * one by id (one already gone counts as deleted). Leases are tags, moved the same way on every
   * kind ({@link #renewLease}).
   */
  private record Kind(ResourceKind kind, Lister list, Deleter delete) {}

  @FunctionalInterface
  private interface Lister {
    /** Calls {@code found} with the id and tags of every resource matching {@code filters}. */
    void list(List<Filter> filters, Found found);
  }

  @FunctionalInterface
  private interface Found {
    void add(String id, List<Tag> tags);
  }

  @FunctionalInterface
  private interface Deleter {
    void delete(String id, String what);
  }

  /** Every kind, one entry each, in deletion order. */
  private List<Kind> kinds() {
    return List.of(
        new Kind(ResourceKind.INSTANCE, this::listInstances, this::deleteInstance),
        new Kind(
            ResourceKind.IMAGE,
            (f, found) ->
                ec2.describeImages(b -> b.owners("self").filters(f))
                    .images()
                    .forEach(i -> found.add(i.imageId(), i.tags())),
            this::deleteImage),
        new Kind(
            ResourceKind.SNAPSHOT,
            (f, found) ->
                ec2.describeSnapshotsPaginator(b -> b.ownerIds("self").filters(f))
                    .snapshots()
                    .forEach(x -> found.add(x.snapshotId(), x.tags())),
            this::deleteSnapshot),
        new Kind(
            ResourceKind.VOLUME,
            (f, found) ->
                ec2.describeVolumesPaginator(b -> b.filters(f))
                    .volumes()
                    .forEach(v -> found.add(v.volumeId(), v.tags())),
            (id, what) -> retryDependency(what, () -> ec2.deleteVolume(b -> b.volumeId(id)))),
        new Kind(
            ResourceKind.KEY_PAIR,
            (f, found) ->
                ec2.describeKeyPairs(b -> b.filters(f))
                    .keyPairs()
                    .forEach(k -> found.add(k.keyPairId(), k.tags())),
            this::deleteKeyPair),
        new Kind(
            ResourceKind.SECURITY_GROUP,
            (f, found) ->
                ec2.describeSecurityGroupsPaginator(b -> b.filters(f))
                    .securityGroups()
                    .forEach(g -> found.add(g.groupId(), g.tags())),
            (id, what) -> retryDependency(what, () -> ec2.deleteSecurityGroup(b -> b.groupId(id)))),
        new Kind(
            ResourceKind.SUBNET,
            (f, found) ->
                ec2.describeSubnetsPaginator(b -> b.filters(f))
                    .subnets()
                    .forEach(x -> found.add(x.subnetId(), x.tags())),
            (id, what) -> retryDependency(what, () -> ec2.deleteSubnet(b -> b.subnetId(id)))),
        new Kind(
            ResourceKind.ROUTE_TABLE,
            (f, found) ->
                ec2.describeRouteTablesPaginator(b -> b.filters(f))
                    .routeTables()
                    .forEach(t -> found.add(t.routeTableId(), t.tags())),
            this::deleteRouteTable),
        new Kind(
            ResourceKind.INTERNET_GATEWAY,
            (f, found) ->
                ec2.describeInternetGatewaysPaginator(b -> b.filters(f))
                    .internetGateways()
                    .forEach(g -> found.add(g.internetGatewayId(), g.tags())),
            this::deleteInternetGateway),
        new Kind(
            ResourceKind.NETWORK,
            (f, found) ->
                ec2.describeVpcsPaginator(b -> b.filters(f))
                    .vpcs()
                    .forEach(v -> found.add(v.vpcId(), v.tags())),
            (id, what) -> retryDependency(what, () -> ec2.deleteVpc(b -> b.vpcId(id)))));
  }

  /** Every owned resource matching {@code filter}, in deletion order. */
  public List<OwnedResource> list(TagFilter filter) {
    List<Filter> f = Ec2Tags.filters(filter);
    List<OwnedResource> out = new ArrayList<>();
    AwsErrors.run(
        "listing the lab's resources",
        () -> {
          for (Kind k : kinds()) {
            k.list()
                .list(
                    f,
                    (id, tags) ->
                        out.add(
                            new OwnedResource(
                                AwsErrors.PROVIDER, region, k.kind(), id, Ec2Tags.map(tags))));
          }
        });
    // EC2 filters are applied again here: a test cloud may ignore a filter it does not know.
    return out.stream()
        .filter(r -> filter.matches(r.tags()))
        .sorted(OwnedResource.DELETION_ORDER)
        .toList();
  }

  /** Deletes one resource; waits where the next deletion depends on this one being gone. */
  public void delete(OwnedResource r) {
    kindOf(r).delete().delete(r.id(), "deleting " + r.describe());
  }

  /** Moves the lease tag of one resource (every kind carries its own). */
  public void renewLease(OwnedResource r, Instant leaseUntil) {
    kindOf(r);
    AwsErrors.run(
        "renewing the lease of " + r.describe(),
        () ->
            ec2.createTags(
                b ->
                    b.resources(r.id())
                        .tags(
                            Tag.builder()
                                .key(LabTags.LEASE_UNTIL)
                                .value(LabTags.formatTime(leaseUntil))
                                .build())));
  }

  private Kind kindOf(OwnedResource r) {
    return kinds().stream()
        .filter(k -> k.kind() == r.kind())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the aws provider does not own resources of kind " + r.kind()));
  }

  private void listInstances(List<Filter> f, Found found) {
    ec2.describeInstancesPaginator(b -> b.filters(f))
        .reservations()
        .forEach(
            r ->
                r.instances().stream()
                    .filter(i -> !"terminated".equals(i.state().nameAsString()))
                    .forEach(i -> found.add(i.instanceId(), i.tags())));
  }

  private void deleteInstance(String id, String what) {
    if (alreadyTerminated(id)) {
      return;
    }
    if (ignoreGone(what, () -> ec2.terminateInstances(b -> b.instanceIds(id)))) {
      waits.terminated(id);
    }
  }

  private void deleteImage(String id, String what) {
    List<String> snapshots = snapshotsOf(ec2, id);
    ignoreGone(what, () -> ec2.deregisterImage(b -> b.imageId(id)));
    for (String snap : snapshots) {
      retryDependency(
          "deleting snapshot " + snap + " of " + id,
          () -> ec2.deleteSnapshot(b -> b.snapshotId(snap)));
    }
  }

  /**
   * Deletes a snapshot, first deregistering any of our AMIs made from it (EC2 refuses to delete a
   * snapshot an image still uses), so a blueprint's delete leaves no image behind.
   */
  private void deleteSnapshot(String id, String what) {
    List<String> images =
        AwsErrors.call(
            "looking for images made from " + id,
            () ->
                // Our own images, matched here: EC2's block-device-mapping.snapshot-id filter
                // is not known to every test cloud (moto answers 500).
                ec2.describeImages(b -> b.owners("self")).images().stream()
                    .filter(
                        i ->
                            i.blockDeviceMappings().stream()
                                .anyMatch(m -> m.ebs() != null && id.equals(m.ebs().snapshotId())))
                    .map(i -> i.imageId())
                    .toList());
    for (String image : images) {
      ignoreGone(
          "deregistering image " + image + " made from " + id,
          () -> ec2.deregisterImage(b -> b.imageId(image)));
    }
    retryDependency(what, () -> ec2.deleteSnapshot(b -> b.snapshotId(id)));
  }

  private void deleteKeyPair(String id, String what) {
    var keys =
        AwsErrors.call(
            "looking up " + id,
            () -> ec2.describeKeyPairs(b -> b.filters(filter("key-pair-id", id))).keyPairs());
    for (var k : keys) {
      ignoreGone(what, () -> ec2.deleteKeyPair(b -> b.keyName(k.keyName())));
    }
  }

  private void deleteRouteTable(String id, String what) {
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
              () -> ec2.disassociateRouteTable(b -> b.associationId(a.routeTableAssociationId())));
        }
      }
    }
    retryDependency(what, () -> ec2.deleteRouteTable(b -> b.routeTableId(id)));
  }

  private void deleteInternetGateway(String id, String what) {
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
