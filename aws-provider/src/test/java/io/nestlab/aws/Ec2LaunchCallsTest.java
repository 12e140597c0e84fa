package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.nestlab.CapacityException;
import io.nestlab.ProviderException;
import io.nestlab.QuotaException;
import io.nestlab.aws.internal.AwsClients;
import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.spi.ProviderSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;

/**
 * Which EC2 calls a launch makes for a given error of RunInstances: the hand-written {@link
 * FakeEc2} answers, and Mockito (a spy over it) checks the calls and their order, which is the
 * point here.
 */
class Ec2LaunchCallsTest {
  private final FakeEc2 ec2 = spy(new FakeEc2());

  private static AwsLabProvider provider(FakeEc2 client) {
    return new AwsLabProvider(
        AwsSettings.parse(ProviderSettings.of(Map.of("region", "us-east-1", "amiId", "ami-0123"))),
        region -> new AwsClients(region, client, null, null, null, null, null),
        Duration.ofMillis(1),
        c -> "198.51.100.7");
  }

  @Test
  void noCapacityInOneZoneLooksUpTheNextZonesSubnetThenLaunchesThereAndTerminatesNothing() {
    ec2.runErrors.add(FakeEc2.error("InsufficientInstanceCapacity", 500));

    provider(ec2).launchHost(AwsLabProviderTest.request(true, "c8i.2xlarge", ""));

    ArgumentCaptor<DescribeSubnetsRequest> subnets =
        ArgumentCaptor.forClass(DescribeSubnetsRequest.class);
    ArgumentCaptor<RunInstancesRequest> runs = ArgumentCaptor.forClass(RunInstancesRequest.class);
    InOrder order = inOrder(ec2);
    order.verify(ec2).describeSubnets(subnets.capture());
    order.verify(ec2).runInstances(runs.capture());
    order.verify(ec2).describeSubnets(subnets.capture());
    order.verify(ec2).runInstances(runs.capture());
    assertEquals(List.of("us-east-1a", "us-east-1b"), zones(subnets.getAllValues()));
    assertEquals(
        List.of("subnet-us-east-1a", "subnet-us-east-1b"),
        runs.getAllValues().stream().map(r -> r.networkInterfaces().get(0).subnetId()).toList());
    verify(ec2, never()).terminateInstances(any(TerminateInstancesRequest.class));
  }

  @Test
  void noCapacityAnywhereTriesEachOfferingZoneOnceAndNoMore() {
    for (int i = 0; i < 3; i++) {
      ec2.runErrors.add(FakeEc2.error("InsufficientInstanceCapacity", 500));
    }

    assertThrows(
        CapacityException.class,
        () -> provider(ec2).launchHost(AwsLabProviderTest.request(true, "c8i.2xlarge", "")));

    verify(ec2, times(3)).runInstances(any(RunInstancesRequest.class));
    verify(ec2, never()).terminateInstances(any(TerminateInstancesRequest.class));
  }

  @Test
  void aQuotaOrPermissionErrorEndsTheLaunchAfterItsOneRunInstances() {
    for (String code : List.of("VcpuLimitExceeded", "UnauthorizedOperation")) {
      FakeEc2 fresh = spy(new FakeEc2());
      fresh.runErrors.add(FakeEc2.error(code, code.startsWith("Unauth") ? 403 : 400));
      AwsLabProvider p = provider(fresh);

      ProviderException e =
          assertThrows(
              ProviderException.class,
              () -> p.launchHost(AwsLabProviderTest.request(true, "c8i.2xlarge", "")));

      assertEquals(code, e.code());
      verify(fresh).runInstances(any(RunInstancesRequest.class));
      verify(fresh, atLeastOnce()).describeSubnets(any(DescribeSubnetsRequest.class));
      verify(fresh, never()).terminateInstances(any(TerminateInstancesRequest.class));
      if (code.equals("VcpuLimitExceeded")) {
        assertInstanceOf(QuotaException.class, e);
      }
    }
  }

  private static List<String> zones(List<DescribeSubnetsRequest> requests) {
    return requests.stream()
        .map(
            r ->
                r.filters().stream()
                    .filter(f -> f.name().equals("availability-zone"))
                    .map(f -> f.values().get(0))
                    .findFirst()
                    .orElse("?"))
        .toList();
  }
}
