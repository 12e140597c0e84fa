package io.nestlab.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.CapacityException;
import io.nestlab.CloudTraits;
import io.nestlab.InvalidSpecException;
import io.nestlab.ProviderException;
import io.nestlab.QuotaException;
import io.nestlab.gcp.internal.DescriptionLabels;
import io.nestlab.gcp.internal.GcpErrors;
import io.nestlab.gcp.internal.GcpInstances;
import io.nestlab.gcp.internal.GcpSettings;
import io.nestlab.gcp.internal.MachineSeries;
import io.nestlab.gcp.internal.Names;
import io.nestlab.spi.HostState;
import io.nestlab.spi.IngressCidrs;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The GCP provider's pure parts: machine-series rules, names, labels, settings, errors. */
class GcpUnitsTest {
  @Test
  void machineSeriesPickTheDiskTypeNestedFlagAndQuotaTheCloudExpects() {
    MachineSeries n2 = MachineSeries.of("n2-standard-16");
    assertEquals("pd-balanced", n2.diskType());
    assertTrue(n2.supportsNestedVirtualization());
    assertEquals("N2_CPUS", n2.cpuQuotaMetric(false));
    assertEquals("PREEMPTIBLE_CPUS", n2.cpuQuotaMetric(true));
    assertEquals("hyperdisk-balanced", MachineSeries.of("c4-standard-8").diskType());
    assertEquals("hyperdisk-balanced", MachineSeries.of("n4-highmem-16").diskType());
    assertEquals("pd-balanced", MachineSeries.of("c3-standard-22").diskType());
    MachineSeries metal = MachineSeries.of("c3-standard-192-metal");
    assertTrue(metal.metal());
    assertEquals("hyperdisk-balanced", metal.diskType());
    assertFalse(metal.supportsNestedVirtualization());
    assertFalse(metal.supportsSpot());
    assertFalse(metal.shieldedVm());
    assertTrue(MachineSeries.of("n2-custom-16-131072").custom());
    assertEquals("n1", MachineSeries.of("custom-4-5120").series());
    assertEquals("Intel Haswell", MachineSeries.of("n1-standard-8").minCpuPlatform(true));
    assertEquals(null, MachineSeries.of("n2-standard-8").minCpuPlatform(true));
    assertFalse(MachineSeries.of("e2-standard-8").supportsNestedVirtualization());
    assertTrue(MachineSeries.of("e2-standard-8").nestedRefusal().contains("E2"));
    assertTrue(MachineSeries.of("n2d-standard-8").nestedRefusal().contains("AMD or Arm"));
    assertThrows(IllegalArgumentException.class, () -> MachineSeries.of("m5.large"));
  }

  @Test
  void namesAreValidRfc1035ForAnyLabIdAndStable() {
    Random random = new Random(7);
    String alphabet = "abcXYZ019-_. ";
    for (int i = 0; i < 500; i++) {
      StringBuilder id = new StringBuilder();
      for (int n = 1 + random.nextInt(90); n > 0; n--) {
        id.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String lab = id.toString();
      for (String name :
          new String[] {Names.instance(lab, "k" + i), Names.firewall(lab), Names.lab(lab)}) {
        assertTrue(name.matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?"), lab + " -> " + name);
      }
      assertEquals(Names.instance(lab, "k"), Names.instance(lab, "k"));
    }
    assertEquals("lab1-blueprint", Names.resource("Lab1 Blueprint"));
  }

  @Test
  void labelsSurviveTheDescriptionRoundTrip() {
    Map<String, String> labels =
        Map.of("nestlab-lab", "lab-1", "nestlab-owner", "al_ice", "nestlab-region", "us-central1");
    String d = DescriptionLabels.encode("NestLab lab network", labels);
    assertEquals(labels, DescriptionLabels.decode(d).orElseThrow());
    assertTrue(DescriptionLabels.decode("someone else's network").isEmpty());
    assertTrue(DescriptionLabels.decode(null).isEmpty());
  }

  @Test
  void addressesAreNormalisedAndRangesWithHostBitsAreRefusedWithTheirNetworkAddress() {
    assertEquals("203.0.113.7/32", IngressCidrs.normalise("203.0.113.7"));
    assertEquals("10.0.0.0/8", IngressCidrs.normalise(" 10.0.0.0/8 "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IngressCidrs.normalise("10.0.0.1/8"));
    assertTrue(e.getMessage().contains("host bits"), e.getMessage());
    assertTrue(e.getMessage().contains("write the network address 10.0.0.0/8"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> IngressCidrs.normalise("300.1.1.1/32"));
    assertThrows(IllegalArgumentException.class, () -> IngressCidrs.normalise("1.2.3.4/33"));
    assertThrows(IllegalArgumentException.class, () -> IngressCidrs.normalise("example.com"));
  }

  private static ProviderSettings withCidrs(String cidrs, boolean open) {
    return ProviderSettings.of(
        Map.of(
            "project",
            "my-project-1",
            "allowed-cidrs",
            cidrs,
            "allow-open-ingress",
            String.valueOf(open)));
  }

  private static String allowedCidrsProblem(String cidrs, boolean open) {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class, () -> GcpSettings.parse(withCidrs(cidrs, open)), cidrs);
    assertTrue(e.getMessage().contains("allowed-cidrs"), e.getMessage());
    return e.getMessage();
  }

  private static List<String> allowedCidrs(String cidrs, boolean open) {
    return GcpSettings.parse(withCidrs(cidrs, open)).allowedCidrs();
  }

  @Test
  void ingressWiderThanASlash8IsRefusedUnlessForcedEvenWhenSplitIntoHalves() {
    String halves = allowedCidrsProblem("0.0.0.0/1,128.0.0.0/1", false);
    for (String part :
        new String[] {"'0.0.0.0/1'", "'128.0.0.0/1'", "2147483648 addresses", "wider than /8"}) {
      assertTrue(halves.contains(part), part + " missing in: " + halves);
    }
    assertTrue(halves.contains("allow-open-ingress=true"), halves);
    assertTrue(
        allowedCidrsProblem("0.0.0.0/0", false).contains("whole internet"), "the /0 is named");
    assertTrue(allowedCidrsProblem("10.0.0.0/7", false).contains("'10.0.0.0/7'"));

    // A /8 is the widest single range, and a /8's worth the most in total.
    assertEquals(List.of("10.0.0.0/8"), allowedCidrs("10.0.0.0/8", false));
    assertEquals(
        List.of("10.0.0.0/9", "10.128.0.0/9"), allowedCidrs("10.0.0.0/9,10.128.0.0/9", false));
    assertEquals(
        List.of("10.0.0.0/8", "10.1.0.0/16", "10.0.0.0/8"),
        allowedCidrs("10.0.0.0/8,10.1.0.0/16,10.0.0.0/8", false),
        "ranges inside another add no addresses");
    String two = allowedCidrsProblem("10.0.0.0/8,11.0.0.0/8", false);
    assertTrue(two.contains("'10.0.0.0/8,11.0.0.0/8'"), two);
    assertTrue(two.contains("33554432 addresses"), two);
    assertTrue(two.contains("16777216"), two);
    assertTrue(two.contains("allow-open-ingress=true"), two);
    String many = allowedCidrsProblem("10.0.0.0/9,20.0.0.0/9,30.0.0.0/16", false);
    assertTrue(many.contains("together span"), many);

    // The opt-in lets each of them through.
    assertEquals(List.of("0.0.0.0/1", "128.0.0.0/1"), allowedCidrs("0.0.0.0/1,128.0.0.0/1", true));
    assertEquals(List.of("0.0.0.0/0"), allowedCidrs("0.0.0.0/0", true));
    assertEquals(List.of("10.0.0.0/8", "11.0.0.0/8"), allowedCidrs("10.0.0.0/8,11.0.0.0/8", true));
    // ...but never a range with host bits set.
    assertTrue(
        allowedCidrsProblem("10.0.0.1/8", true).contains("10.0.0.0/8"), "the network address");
  }

  @Test
  void settingsReportEveryProblemAtOnceByKey() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                GcpSettings.parse(
                    ProviderSettings.of(
                        Map.of(
                            "region", "Central US",
                            "zone", "us-east1-b",
                            "allowed-cidrs", "0.0.0.0/0",
                            "network", "shared-vpc",
                            "ingress-ports", "22,70000",
                            "endpoint", "ftp://x",
                            "service-account", "lab-media@gmail.com"))));
    String m = e.getMessage();
    for (String key :
        new String[] {
          "project",
          "region",
          "allowed-cidrs",
          "subnetwork",
          "ingress-ports",
          "endpoint",
          "service-account"
        }) {
      assertTrue(m.contains(key), key + " missing in: " + m);
    }
    GcpSettings ok = GcpSettings.parse(ProviderSettings.of(Map.of("project", "my-project-1")));
    assertEquals("debian-12", ok.imageFamily());
    assertEquals("debian-cloud", ok.imageProject());
    assertEquals(java.util.List.of(22), ok.ingressPorts());
    assertEquals("default", ok.serviceAccount());
    assertTrue(m.contains("default") && m.contains("none"), m);
    assertTrue(LabProviders.available().containsKey("gcp"));
  }

  @Test
  void operationErrorsBecomeTheRightNestLabExceptions() {
    ProviderException cap =
        GcpErrors.fromOperation(
            "ZONE_RESOURCE_POOL_EXHAUSTED",
            "The zone 'x' does not have enough resources available",
            "op-1",
            "launch",
            "p1");
    assertTrue(cap instanceof CapacityException);
    assertTrue(cap.retryable());
    assertEquals("op-1", cap.requestId());
    ProviderException quota =
        GcpErrors.fromOperation(
            "QUOTA_EXCEEDED",
            "Quota 'C3_CPUS' exceeded.  Limit: 24.0 in region europe-west4.",
            "op-2",
            "launch",
            "p1");
    assertTrue(quota instanceof QuotaException);
    assertTrue(quota.getMessage().contains("C3_CPUS in europe-west4 is 24.0"), quota.getMessage());
    ProviderException policy =
        GcpErrors.fromOperation(
            "CONDITION_NOT_MET",
            "Constraint constraints/compute.disableNestedVirtualization violated for project 42.",
            "op-3",
            "launch",
            "p1");
    assertEquals(GcpErrors.NESTED_POLICY, policy.code());
    assertFalse(policy.retryable());
  }

  @Test
  void instanceStatusesMapToHostStates() {
    assertEquals(HostState.PENDING, GcpInstances.state("STAGING"));
    assertEquals(HostState.RUNNING, GcpInstances.state("RUNNING"));
    assertEquals(HostState.STOPPED, GcpInstances.state("TERMINATED"));
    assertEquals(HostState.STOPPING, GcpInstances.state("STOPPING"));
  }

  @Test
  void theProvidersLimitsAreTheCloudTraitsCoreRendersFor() {
    CloudTraits t = LabProviders.factory("gcp").traits().orElseThrow();
    assertEquals(GcpLabProvider.MAX_USER_DATA_BYTES, t.userDataMaxBytes());
    assertEquals(CloudTraits.UserDataEncoding.TEXT, t.userDataEncoding(), "metadata holds text");
    assertEquals(Set.of("gs"), t.storageSchemes());
    assertTrue(
        t.nestedSeries().stream()
            .allMatch(s -> MachineSeries.of(s + "-standard-8").supportsNestedVirtualization()),
        t.nestedSeries().toString());
  }
}
