package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.spi.LabTags;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * What a user checks in EC2 (here moto) after {@code up} and {@code down} of a lab, asked with a
 * plain EC2 client: the L1 host's tags, metadata options, disks, network and ingress, and after
 * {@code down} that nothing tagged with the lab is left. Shared by the ITs of the provider, the
 * engine and the CLI.
 */
public final class MotoLabChecks {
  private MotoLabChecks() {}

  /** The value of tag {@code key}, or null. */
  public static String tag(List<Tag> tags, String key) {
    return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
  }

  private static Filter labFilter(String lab) {
    return Filter.builder().name("tag:" + LabTags.LAB).values(lab).build();
  }

  /**
   * Asserts the lab has exactly one live L1 host and that it is tagged with every NestLab tag,
   * IMDSv2 only with instance tags in its metadata, terminated on shutdown, with encrypted gp3
   * disks tagged with the lab, in a VPC and subnet made for the lab, behind security groups of the
   * lab that let nothing in from 0.0.0.0/0 or ::/0, and carrying at most 16 KB of user data.
   *
   * @return the host
   */
  public static Instance assertIsolatedL1Host(Ec2Client ec2, String lab) {
    List<Instance> live =
        ec2.describeInstances(b -> b.filters(labFilter(lab))).reservations().stream()
            .flatMap(r -> r.instances().stream())
            .filter(i -> !"terminated".equals(i.state().nameAsString()))
            .toList();
    assertEquals(1, live.size(), "one live L1 host tagged nestlab-lab=" + lab + ": " + live);
    Instance i = live.get(0);
    for (String key :
        List.of(
            LabTags.LAB, LabTags.OWNER, LabTags.CREATED, LabTags.LEASE_UNTIL, LabTags.VERSION)) {
      assertNotNull(tag(i.tags(), key), i.instanceId() + " lacks tag " + key + ": " + i.tags());
    }
    assertEquals("required", i.metadataOptions().httpTokensAsString(), "IMDSv2 only");
    assertEquals("enabled", i.metadataOptions().instanceMetadataTagsAsString());
    assertEquals(
        "terminate",
        ec2.describeInstanceAttribute(
                b -> b.instanceId(i.instanceId()).attribute("instanceInitiatedShutdownBehavior"))
            .instanceInitiatedShutdownBehavior()
            .value());

    var volumes =
        ec2.describeVolumes(
                b -> b.filters(f -> f.name("attachment.instance-id").values(i.instanceId())))
            .volumes();
    assertFalse(volumes.isEmpty(), "the host has disks");
    for (var v : volumes) {
      assertTrue(v.encrypted(), "volume " + v.volumeId() + " is encrypted");
      assertEquals("gp3", v.volumeTypeAsString(), v.volumeId());
      assertEquals(lab, tag(v.tags(), LabTags.LAB), "volume " + v.volumeId() + " tagged");
    }

    assertNotNull(i.vpcId(), "the host lives in a VPC");
    var vpc = ec2.describeVpcs(b -> b.vpcIds(i.vpcId())).vpcs().get(0);
    assertEquals(lab, tag(vpc.tags(), LabTags.LAB), "the VPC " + vpc.vpcId() + " is the lab's own");
    var subnet = ec2.describeSubnets(b -> b.subnetIds(i.subnetId())).subnets().get(0);
    assertEquals(lab, tag(subnet.tags(), LabTags.LAB), "the subnet is the lab's own");

    // moto lists the groups of a host launched with a network interface only on the interface.
    List<String> groupIds =
        java.util.stream.Stream.concat(
                i.securityGroups().stream().map(g -> g.groupId()),
                i.networkInterfaces().stream()
                    .flatMap(n -> n.groups().stream())
                    .map(g -> g.groupId()))
            .distinct()
            .toList();
    assertFalse(groupIds.isEmpty(), "the host has a security group");
    for (SecurityGroup g : ec2.describeSecurityGroups(b -> b.groupIds(groupIds)).securityGroups()) {
      assertEquals(lab, tag(g.tags(), LabTags.LAB), "security group " + g.groupId());
      assertEquals(i.vpcId(), g.vpcId(), "security group in the lab's VPC");
      for (IpPermission p : g.ipPermissions()) {
        p.ipRanges()
            .forEach(
                r ->
                    assertFalse(r.cidrIp().endsWith("/0"), g.groupId() + " lets in " + r.cidrIp()));
        p.ipv6Ranges()
            .forEach(
                r ->
                    assertFalse(
                        r.cidrIpv6().endsWith("/0"), g.groupId() + " lets in " + r.cidrIpv6()));
      }
    }

    String userData =
        ec2.describeInstanceAttribute(b -> b.instanceId(i.instanceId()).attribute("userData"))
            .userData()
            .value();
    assertNotNull(userData, "the host got the bootstrap user data");
    byte[] raw = Base64.getDecoder().decode(userData);
    assertTrue(raw.length <= AwsLabProvider.MAX_USER_DATA_BYTES, raw.length + " bytes");
    return i;
  }

  /** Every resource still tagged with {@code lab}, kind by kind (terminated instances aside). */
  public static List<String> leftovers(Ec2Client ec2, String lab) {
    Filter f = labFilter(lab);
    List<String> left = new ArrayList<>();
    ec2.describeInstances(b -> b.filters(f)).reservations().stream()
        .flatMap(r -> r.instances().stream())
        .filter(i -> !"terminated".equals(i.state().nameAsString()))
        .forEach(i -> left.add(i.instanceId()));
    ec2.describeVolumes(b -> b.filters(f)).volumes().forEach(v -> left.add(v.volumeId()));
    ec2.describeImages(b -> b.owners("self").filters(f))
        .images()
        .forEach(i -> left.add(i.imageId()));
    ec2.describeSnapshots(b -> b.ownerIds("self").filters(f)).snapshots().stream()
        // moto answers its images' own snapshots whatever the tag filter: check the tag here
        .filter(s -> lab.equals(tag(s.tags(), LabTags.LAB)))
        .forEach(s -> left.add(s.snapshotId()));
    ec2.describeKeyPairs(b -> b.filters(f)).keyPairs().forEach(k -> left.add(k.keyPairId()));
    ec2.describeSecurityGroups(b -> b.filters(f))
        .securityGroups()
        .forEach(g -> left.add(g.groupId()));
    ec2.describeSubnets(b -> b.filters(f)).subnets().forEach(s -> left.add(s.subnetId()));
    ec2.describeRouteTables(b -> b.filters(f))
        .routeTables()
        .forEach(t -> left.add(t.routeTableId()));
    ec2.describeInternetGateways(b -> b.filters(f))
        .internetGateways()
        .forEach(g -> left.add(g.internetGatewayId()));
    ec2.describeVpcs(b -> b.filters(f)).vpcs().forEach(v -> left.add(v.vpcId()));
    return left;
  }

  /** Asserts nothing tagged with {@code lab} is left. */
  public static void assertNothingTagged(Ec2Client ec2, String lab) {
    assertEquals(List.of(), leftovers(ec2, lab), "resources of lab " + lab + " left in moto");
  }
}
