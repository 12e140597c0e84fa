package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.ProviderException;
import io.nestlab.aws.internal.QuotaCheck;
import io.nestlab.aws.internal.QuotaCheck.QuotaValue;
import io.nestlab.aws.internal.VcpuQuotas;
import io.nestlab.spi.PreflightReport.Check;
import io.nestlab.spi.PreflightReport.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

class QuotaCheckTest {
  /** Running instances: what DescribeInstances answers; types it is asked to describe. */
  static final class Running extends FakeEc2 {
    final List<Instance> instances = new ArrayList<>();
    final List<String> describedTypes = new ArrayList<>();

    Running add(String type, boolean spot, Integer cores) {
      Instance.Builder b =
          Instance.builder().instanceId("i-" + instances.size()).instanceType(type);
      if (spot) {
        b.instanceLifecycle("spot");
      }
      if (cores != null) {
        b.cpuOptions(c -> c.coreCount(cores).threadsPerCore(2));
      }
      instances.add(b.build());
      return this;
    }

    @Override
    public DescribeInstancesResponse describeInstances(DescribeInstancesRequest r) {
      assertTrue(
          r.filters().stream()
              .anyMatch(
                  f ->
                      f.name().equals("instance-state-name")
                          && f.values().equals(List.of("pending", "running"))),
          "only pending and running instances count: " + r);
      return DescribeInstancesResponse.builder()
          .reservations(res -> res.instances(instances))
          .build();
    }

    @Override
    public DescribeInstanceTypesResponse describeInstanceTypes(DescribeInstanceTypesRequest r) {
      describedTypes.addAll(r.instanceTypesAsStrings());
      return DescribeInstanceTypesResponse.builder()
          .instanceTypes(
              r.instanceTypesAsStrings().stream()
                  .map(
                      t ->
                          InstanceTypeInfo.builder()
                              .instanceType(t)
                              .vCpuInfo(v -> v.defaultVCpus(t.endsWith(".metal") ? 96 : 2))
                              .build())
                  .toList())
          .build();
    }
  }

  static QuotaCheck.QuotaReader quota(double value) {
    return code -> new QuotaValue(code, "a quota", value, false);
  }

  @Test
  void quotasFollowTheInstanceFamily() {
    assertEquals("L-1216C47A", code("c8i.2xlarge", false));
    assertEquals("L-1216C47A", code("m5.metal", false));
    assertEquals("L-1216C47A", code("i4i.metal", false));
    assertEquals("L-1216C47A", code("z1d.metal", false));
    assertEquals("L-1216C47A", code("r8i-flex.large", false));
    assertEquals("L-34B43A08", code("c8i.2xlarge", true));
    assertEquals("L-7295265B", code("x2iezn.metal", false));
    assertEquals("L-43DA4232", code("u-6tb1.metal", false));
    assertEquals("L-43DA4232", code("u7i-12tb.224xlarge", false));
    assertEquals("L-DB2E81BA", code("vt1.3xlarge", false));
    assertEquals("L-DB2E81BA", code("g4dn.metal", false));
    assertEquals("L-417A185B", code("p5.48xlarge", false));
    assertEquals("L-1945791B", code("inf2.xlarge", false));
    assertEquals("L-F7808C92", code("hpc7a.96xlarge", false));
    assertEquals(null, code("mac2.metal", false), "mac runs on Dedicated Hosts only");
    assertEquals(null, code("u-6tb1.metal", true), "high-memory types are not sold as Spot");
  }

  static String code(String type, boolean spot) {
    return VcpuQuotas.of(type, spot).map(VcpuQuotas.Quota::code).orElse(null);
  }

  @Test
  void fitsWhenTheQuotaCoversRunningInstancesOfTheSameQuotaPlusTheNewType() {
    Running ec2 =
        new Running()
            .add("m5.xlarge", false, 2) // 4 vCPUs, standard on-demand: counted
            .add("c5.large", true, 1) // Spot: another quota
            .add("x1e.xlarge", false, 2) // X family: another quota
            .add("g4dn.xlarge", false, 2); // G family: another quota
    Check c = new QuotaCheck(ec2, quota(12)).check("us-east-1", "c8i.2xlarge", 8, false);
    assertEquals(Status.OK, c.status(), c.detail());
    assertTrue(c.detail().contains("L-1216C47A"), c.detail());
    assertTrue(c.detail().contains("is 12 vCPUs"), c.detail());
    assertTrue(c.detail().contains("4 in use"), c.detail());
  }

  @Test
  void failsNamingTheQuotaTheNumbersAndHowToRaiseIt() {
    Running ec2 = new Running().add("m5.xlarge", false, 2).add("c5.large", true, 1);
    Check c = new QuotaCheck(ec2, quota(8)).check("eu-west-1", "c8i.2xlarge", 8, false);
    assertEquals(Status.FAIL, c.status(), c.detail());
    assertTrue(
        c.detail()
            .startsWith(
                "'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances' (L-1216C47A)"
                    + " in eu-west-1 is 8 vCPUs; 4 in use by running on-demand instances;"
                    + " c8i.2xlarge needs 8. Request an increase to at least 12"),
        c.detail());
    assertTrue(
        c.detail()
            .contains(
                "https://console.aws.amazon.com/servicequotas/home/services/ec2/quotas/L-1216C47A"),
        c.detail());
    assertTrue(
        c.detail()
            .contains(
                "aws service-quotas request-service-quota-increase --region eu-west-1"
                    + " --service-code ec2 --quota-code L-1216C47A --desired-value 12"),
        c.detail());
  }

  @Test
  void spotLaunchesCountAgainstTheSpotQuotaAndItsRunningSpotInstances() {
    Running ec2 = new Running().add("m5.xlarge", false, 2).add("c5.large", true, 1);
    List<String> asked = new ArrayList<>();
    Check c =
        new QuotaCheck(
                ec2,
                code -> {
                  asked.add(code);
                  return new QuotaValue(code, "spot", 9, false);
                })
            .check("us-east-1", "c8i.2xlarge", 8, true);
    assertEquals(List.of("L-34B43A08"), asked);
    assertEquals(Status.FAIL, c.status(), "2 Spot vCPUs in use + 8 > 9: " + c.detail());
    assertTrue(c.detail().contains("2 in use by running Spot instances"), c.detail());
  }

  @Test
  void instancesWithoutCpuOptionsAreCountedByTheirTypesDefaultVcpus() {
    Running ec2 = new Running().add("m5.metal", false, null).add("m5.metal", false, null);
    Check c = new QuotaCheck(ec2, quota(200)).check("us-east-1", "c8i.2xlarge", 8, false);
    assertEquals(Status.OK, c.status(), c.detail());
    assertTrue(c.detail().contains("192 in use"), c.detail());
    assertEquals(List.of("m5.metal"), ec2.describedTypes, "each type is described once");
  }

  @Test
  void anUnreadableQuotaIsAWarningNamingTheQuotaAndTheVcpus() {
    QuotaCheck.QuotaReader denied =
        code -> {
          throw new ProviderException(
              "aws",
              "AccessDeniedException",
              null,
              false,
              false,
              "Service Quotas refused GetServiceQuota: denied; the credentials need"
                  + " servicequotas:GetServiceQuota",
              null);
        };
    Check c = new QuotaCheck(new Running(), denied).check("us-east-1", "m5.metal", 96, false);
    assertEquals(Status.WARN, c.status(), c.detail());
    assertTrue(c.detail().contains("servicequotas:GetServiceQuota"), c.detail());
    assertTrue(c.detail().contains("(L-1216C47A) in us-east-1 covers the 96 vCPUs"), c.detail());
  }

  @Test
  void whenRunningInstancesCannotBeCountedTheQuotaIsComparedWithTheTypeAlone() {
    FakeEc2 broken =
        new FakeEc2() {
          @Override
          public DescribeInstancesResponse describeInstances(DescribeInstancesRequest r) {
            throw FakeEc2.error("UnauthorizedOperation", 403);
          }
        };
    Check fits = new QuotaCheck(broken, quota(16)).check("us-east-1", "c8i.2xlarge", 8, false);
    assertEquals(Status.WARN, fits.status(), fits.detail());
    assertTrue(fits.detail().contains("vCPUs in use not counted"), fits.detail());
    Check tooSmall = new QuotaCheck(broken, quota(4)).check("us-east-1", "c8i.2xlarge", 8, false);
    assertEquals(Status.FAIL, tooSmall.status(), tooSmall.detail());
  }
}
