package io.nestlab.aws.internal;

import io.nestlab.catalog.Market;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.NetworkRef;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataTagsState;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.NestedVirtualizationSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The RunInstances request of an L1 host: encrypted gp3 boot and data disks, IMDSv2 only with
 * instance tags in the metadata, terminate on shutdown, nested virtualization or Spot as asked, and
 * the lab's subnet and security group.
 */
public final class Ec2InstanceBody {
  private Ec2InstanceBody() {}

  /**
   * The tags of a launch: the host's carry {@code launchTag}, its volumes and interface the lab's.
   */
  static List<TagSpecification> launchTags(HostRequest request, String launchTag) {
    Map<String, String> hostTags = new LinkedHashMap<>(request.tags());
    hostTags.put(Ec2Instances.LAUNCH_TAG, launchTag);
    String name = "nestlab-" + request.labId();
    return List.of(
        Ec2Tags.spec(ResourceType.INSTANCE, hostTags, name),
        Ec2Tags.spec(ResourceType.VOLUME, request.tags(), name),
        Ec2Tags.spec(ResourceType.NETWORK_INTERFACE, request.tags(), name));
  }

  /**
   * The RunInstances request for {@code request}; {@code subnet} may be null for a dry run. The
   * boot disk is sized on {@code rootDevice}, the image's own root device (Debian's {@code
   * /dev/xvda}): a mapping under any other name would add an empty volume instead.
   */
  public static RunInstancesRequest of(
      HostRequest request,
      String ami,
      String rootDevice,
      String subnet,
      NetworkRef network,
      String zone,
      String keyName,
      boolean dryRun) {
    // From a snapshot without its size known here (a dry run): EBS sizes the disk as the snapshot.
    return of(
        request,
        ami,
        rootDevice,
        subnet,
        network,
        zone,
        keyName,
        dryRun,
        request.dataDiskSnapshot() == null ? request.dataDiskGib() : 0);
  }

  /**
   * The RunInstances request for {@code request} with a data disk of {@code dataDiskGib}: when the
   * request names a {@link HostRequest#dataDiskSnapshot}, the disk is made from that snapshot and
   * {@code dataDiskGib} must be at least the snapshot's size.
   */
  public static RunInstancesRequest of(
      HostRequest request,
      String ami,
      String rootDevice,
      String subnet,
      NetworkRef network,
      String zone,
      String keyName,
      boolean dryRun,
      int dataDiskGib) {
    List<BlockDeviceMapping> disks = new ArrayList<>();
    disks.add(disk(rootDevice, request.bootDiskGib(), null));
    if (dataDiskGib > 0 || request.dataDiskSnapshot() != null) {
      disks.add(disk(Ec2Snapshots.DATA_DEVICE, dataDiskGib, request.dataDiskSnapshot()));
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

  private static BlockDeviceMapping disk(String device, int gib, String snapshotId) {
    return BlockDeviceMapping.builder()
        .deviceName(device)
        .ebs(
            e ->
                e.volumeSize(gib > 0 ? gib : null)
                    .snapshotId(snapshotId)
                    .volumeType(VolumeType.GP3)
                    .encrypted(true)
                    .deleteOnTermination(true))
        .build();
  }
}
