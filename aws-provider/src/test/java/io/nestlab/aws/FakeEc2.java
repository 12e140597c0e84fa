package io.nestlab.aws;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeKeyPairsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeKeyPairsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairRequest;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * A hand-written fake of the EC2 client: the SDK interface's default methods throw, and this
 * overrides only what a launch uses. Records every RunInstances request; answers with the queued
 * errors first.
 */
class FakeEc2 implements Ec2Client {
  final List<RunInstancesRequest> runs = new ArrayList<>();
  final List<ImportKeyPairRequest> imports = new ArrayList<>();
  final Deque<AwsServiceException> runErrors = new ArrayDeque<>();
  List<String> zones = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  static AwsServiceException error(String code, int status) {
    return Ec2Exception.builder()
        .statusCode(status)
        .requestId("req-" + code)
        .awsErrorDetails(
            AwsErrorDetails.builder().errorCode(code).errorMessage(code + " (fake)").build())
        .build();
  }

  @Override
  public String serviceName() {
    return "ec2";
  }

  @Override
  public void close() {}

  @Override
  public DescribeInstancesResponse describeInstances(DescribeInstancesRequest r) {
    return DescribeInstancesResponse.builder().build();
  }

  @Override
  public DescribeKeyPairsResponse describeKeyPairs(DescribeKeyPairsRequest r) {
    return DescribeKeyPairsResponse.builder().build();
  }

  @Override
  public ImportKeyPairResponse importKeyPair(ImportKeyPairRequest r) {
    imports.add(r);
    return ImportKeyPairResponse.builder().keyName(r.keyName()).build();
  }

  @Override
  public DescribeInstanceTypeOfferingsResponse describeInstanceTypeOfferings(
      DescribeInstanceTypeOfferingsRequest r) {
    return DescribeInstanceTypeOfferingsResponse.builder()
        .instanceTypeOfferings(
            zones.stream()
                .map(
                    z ->
                        InstanceTypeOffering.builder()
                            .location(z)
                            .instanceType("c8i.2xlarge")
                            .build())
                .toList())
        .build();
  }

  /** Every image asked for by id exists, a Debian 12 image with Debian's root device name. */
  @Override
  public DescribeImagesResponse describeImages(DescribeImagesRequest r) {
    return DescribeImagesResponse.builder()
        .images(
            r.imageIds().stream()
                .map(id -> Image.builder().imageId(id).rootDeviceName("/dev/xvda").build())
                .toList())
        .build();
  }

  @Override
  public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest r) {
    String zone =
        r.filters().stream()
            .filter(f -> f.name().equals("availability-zone"))
            .map(f -> f.values().get(0))
            .findFirst()
            .orElse("us-east-1a");
    return DescribeSubnetsResponse.builder()
        .subnets(Subnet.builder().subnetId("subnet-" + zone).availabilityZone(zone).build())
        .build();
  }

  @Override
  public RunInstancesResponse runInstances(RunInstancesRequest r) {
    runs.add(r);
    if (!runErrors.isEmpty()) {
      throw runErrors.pop();
    }
    return RunInstancesResponse.builder()
        .instances(
            Instance.builder()
                .instanceId("i-0000000000000000" + runs.size())
                .placement(
                    p -> p.availabilityZone(r.networkInterfaces().get(0).subnetId().substring(7)))
                .build())
        .build();
  }
}
