package io.nestlab.aws.internal;

import static io.nestlab.aws.internal.Ec2Tags.filter;

import io.nestlab.CapacityException;
import io.nestlab.spi.HostRequest;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LocationType;

/** Where an EC2 launch may go: the zones offering the instance type, in the order to try them. */
public final class Ec2LaunchZones {
  private final Ec2Client ec2;
  private final boolean zoneFallback;

  Ec2LaunchZones(Ec2Client ec2, boolean zoneFallback) {
    this.ec2 = ec2;
    this.zoneFallback = zoneFallback;
  }

  /**
   * The zones to try, in order: the reused subnet's only; else the requested zone first and, when
   * none is requested or {@code zoneFallback} allows, the region's other zones offering the type.
   */
  List<String> zones(HostRequest request) {
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
    if (request.zone() == null || zoneFallback) {
      offered.stream().filter(z -> !zones.contains(z)).forEach(zones::add);
    }
    return zones;
  }

  /** The zones of the client's region offering {@code instanceType}, sorted. */
  public static List<String> zonesOffering(Ec2Client ec2, String instanceType) {
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
}
