package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.CapacityException;
import io.nestlab.CloudTraits;
import io.nestlab.InvalidSpecException;
import io.nestlab.ProviderException;
import io.nestlab.QuotaException;
import io.nestlab.aws.internal.AwsClients;
import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.catalog.Market;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.ProviderSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

class AwsLabProviderTest {
  final FakeEc2 ec2 = new FakeEc2();

  AwsLabProvider provider(Map<String, String> extra) {
    Map<String, String> s = new HashMap<>(Map.of("region", "us-east-1", "amiId", "ami-0123"));
    s.putAll(extra);
    AwsSettings settings = AwsSettings.parse(ProviderSettings.of(s));
    return new AwsLabProvider(
        settings,
        region -> new AwsClients(region, ec2, null, null, null, null, null),
        Duration.ofMillis(1),
        c -> "198.51.100.7");
  }

  static final NetworkRef NET =
      new NetworkRef(
          "aws",
          "us-east-1",
          Map.of("vpc", "vpc-1", "securityGroup", "sg-1", "routeTable", "rtb-1"));

  static HostRequest request(boolean nested, String type, String userData) {
    Map<String, String> tags =
        new LabTags("lab-1", "ada", Instant.EPOCH, Instant.EPOCH.plusSeconds(3600), "0.1").toMap();
    return new HostRequest(
        "lab-1",
        "us-east-1",
        null,
        type,
        Market.ON_DEMAND,
        nested,
        40,
        100,
        userData,
        AwsLifecycleIT.SSH_KEY,
        tags,
        NET,
        null,
        "lab-1/host");
  }

  @Test
  void nestedLaunchAsksForNestedVirtualizationImdsV2EncryptedDisksAndTerminateOnShutdown() {
    HostRef ref = provider(Map.of()).launchHost(request(true, "c8i.2xlarge", "#cloud-config\n"));
    assertEquals("aws", ref.provider());
    RunInstancesRequest run = ec2.runs.get(0);
    assertEquals("enabled", run.cpuOptions().nestedVirtualizationAsString());
    assertEquals("required", run.metadataOptions().httpTokensAsString());
    assertEquals("enabled", run.metadataOptions().instanceMetadataTagsAsString());
    assertEquals(1, run.metadataOptions().httpPutResponseHopLimit());
    assertEquals("terminate", run.instanceInitiatedShutdownBehaviorAsString());
    assertEquals(2, run.blockDeviceMappings().size());
    assertEquals(
        "/dev/xvda",
        run.blockDeviceMappings().get(0).deviceName(),
        "the boot disk is the image's root device");
    for (BlockDeviceMapping m : run.blockDeviceMappings()) {
      assertTrue(m.ebs().encrypted(), m.deviceName() + " encrypted");
      assertTrue(m.ebs().deleteOnTermination(), m.deviceName() + " deleted with the host");
      assertEquals("gp3", m.ebs().volumeTypeAsString());
    }
    assertEquals(
        Set.of(40, 100),
        run.blockDeviceMappings().stream()
            .map(m -> m.ebs().volumeSize())
            .collect(Collectors.toSet()));
    assertEquals(
        Set.of(ResourceType.INSTANCE, ResourceType.VOLUME, ResourceType.NETWORK_INTERFACE),
        run.tagSpecifications().stream().map(t -> t.resourceType()).collect(Collectors.toSet()));
    assertTrue(run.clientToken().length() <= 64, "EC2 allows at most 64 characters");
    assertEquals(List.of("sg-1"), run.networkInterfaces().get(0).groups());
    assertEquals("nestlab-lab-1", run.keyName());
    assertEquals(1, ec2.imports.size(), "the lab's key is imported");
  }

  @Test
  void theConsoleIsReadLatestSoProgressShowsWhileTheHostRuns() {
    List<software.amazon.awssdk.services.ec2.model.GetConsoleOutputRequest> asked =
        new java.util.ArrayList<>();
    FakeEc2 console =
        new FakeEc2() {
          @Override
          public software.amazon.awssdk.services.ec2.model.GetConsoleOutputResponse
              getConsoleOutput(
                  software.amazon.awssdk.services.ec2.model.GetConsoleOutputRequest r) {
            asked.add(r);
            return software.amazon.awssdk.services.ec2.model.GetConsoleOutputResponse.builder()
                .output(
                    java.util.Base64.getEncoder()
                        .encodeToString(
                            "NESTLAB phase=media status=done t=2026-12-02T10:00:00Z\n"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .build();
          }
        };
    AwsLabProvider p =
        new AwsLabProvider(
            AwsSettings.parse(
                ProviderSettings.of(Map.of("region", "us-east-1", "amiId", "ami-0123"))),
            region -> new AwsClients(region, console, null, null, null, null, null),
            Duration.ofMillis(1),
            c -> "198.51.100.7");

    var out = p.readConsole(new HostRef("aws", "us-east-1", "us-east-1a", "i-1"), 0);

    assertEquals("NESTLAB phase=media status=done t=2026-12-02T10:00:00Z\n", out.text());
    assertEquals(Boolean.TRUE, asked.get(0).latest());
  }

  @Test
  void metalLaunchSetsNoCpuOptions() {
    provider(Map.of()).launchHost(request(false, "m5.metal", ""));
    assertNull(ec2.runs.get(0).cpuOptions());
    assertNull(ec2.runs.get(0).userData(), "no user data sent when there is none");
  }

  @Test
  void capacityShortageMovesToTheNextZoneWithAnotherClientToken() {
    ec2.runErrors.add(FakeEc2.error("InsufficientInstanceCapacity", 500));
    HostRef ref = provider(Map.of()).launchHost(request(true, "c8i.2xlarge", ""));
    assertEquals(2, ec2.runs.size());
    assertEquals("subnet-us-east-1a", ec2.runs.get(0).networkInterfaces().get(0).subnetId());
    assertEquals("subnet-us-east-1b", ec2.runs.get(1).networkInterfaces().get(0).subnetId());
    assertFalse(ec2.runs.get(0).clientToken().equals(ec2.runs.get(1).clientToken()));
    assertEquals("us-east-1b", ref.zone());
  }

  @Test
  void capacityShortageEverywhereIsARetryableCapacityExceptionNamingTheZones() {
    for (int i = 0; i < 3; i++) {
      ec2.runErrors.add(FakeEc2.error("InsufficientInstanceCapacity", 500));
    }
    CapacityException e =
        assertThrows(
            CapacityException.class,
            () -> provider(Map.of()).launchHost(request(true, "c8i.2xlarge", "")));
    assertTrue(e.retryable());
    assertEquals("InsufficientInstanceCapacity", e.code());
    assertTrue(e.getMessage().contains("us-east-1a, us-east-1b, us-east-1c"), e.getMessage());
  }

  @Test
  void withoutZoneFallbackOnlyOneZoneIsTried() {
    ec2.runErrors.add(FakeEc2.error("InsufficientInstanceCapacity", 500));
    assertThrows(
        CapacityException.class,
        () ->
            provider(Map.of("zoneFallback", "false")).launchHost(request(true, "c8i.2xlarge", "")));
    assertEquals(1, ec2.runs.size());
  }

  @Test
  void vcpuQuotaIsAQuotaExceptionNamingTheQuota() {
    ec2.runErrors.add(FakeEc2.error("VcpuLimitExceeded", 400));
    QuotaException e =
        assertThrows(
            QuotaException.class,
            () -> provider(Map.of()).launchHost(request(true, "c8i.2xlarge", "")));
    assertTrue(e.getMessage().contains("L-1216C47A"), e.getMessage());
    assertEquals("req-VcpuLimitExceeded", e.requestId());
    assertEquals(1, ec2.runs.size(), "a quota error is not retried in another zone");
  }

  @Test
  void authFailureNamesTheCredentialsAndThePolicy() {
    ec2.runErrors.add(FakeEc2.error("UnauthorizedOperation", 403));
    ProviderException e =
        assertThrows(
            ProviderException.class,
            () -> provider(Map.of()).launchHost(request(true, "c8i.2xlarge", "")));
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("docs/providers/aws.md"), e.getMessage());
  }

  @Test
  void userDataOver16KbIsRefusedBeforeAnyCall() {
    String big = "x".repeat(16 * 1024 + 1);
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> provider(Map.of()).launchHost(request(true, "c8i.2xlarge", big)));
    assertTrue(e.getMessage().contains("16385 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("16 KB"), e.getMessage());
    assertEquals(0, ec2.runs.size());
  }

  @Test
  void userDataOfExactly16KbIsSent() {
    provider(Map.of()).launchHost(request(true, "c8i.2xlarge", "y".repeat(16 * 1024)));
    assertEquals(1, ec2.runs.size());
  }

  @Test
  void theWholeInternetIsNotLetInUnlessForced() {
    AwsLabProvider p = provider(Map.of());
    NetworkRequest open =
        new NetworkRequest("lab-1", "us-east-1", List.of("0.0.0.0/0"), Map.of(), "k");
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class, () -> p.ingressCidrs(p.clients("us-east-1"), open));
    assertTrue(e.getMessage().contains("allow-any-ingress=true"), e.getMessage());
    AwsLabProvider forced = provider(Map.of("allowAnyIngress", "true"));
    assertEquals(List.of("0.0.0.0/0"), forced.ingressCidrs(forced.clients("us-east-1"), open));
  }

  @Test
  void withoutCidrsTheCallersAddressIsLetIn() {
    AwsLabProvider p = provider(Map.of());
    NetworkRequest none = new NetworkRequest("lab-1", "us-east-1", List.of(), Map.of(), "k");
    assertEquals(List.of("198.51.100.7/32"), p.ingressCidrs(p.clients("us-east-1"), none));
  }

  @Test
  void aProviderWorksInOneRegion() {
    AwsLabProvider p = provider(Map.of());
    p.clients("us-east-1");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> p.clients("eu-west-1"));
    assertTrue(e.getMessage().contains("one provider per region"), e.getMessage());
    assertEquals(Region.US_EAST_1, p.clients(null).region());
  }

  @Test
  void theProvidersLimitsAreTheCloudTraitsCoreRendersFor() {
    CloudTraits t = new AwsLabProviderFactory().traits().orElseThrow();
    assertEquals(AwsLabProvider.MAX_USER_DATA_BYTES, t.userDataMaxBytes());
    assertEquals(CloudTraits.UserDataEncoding.GZIP, t.userDataEncoding());
    assertEquals(Set.of("s3"), t.storageSchemes());
    assertEquals(CloudTraits.LeaseSource.AWS_INSTANCE_TAG, t.leaseSource());
  }
}
