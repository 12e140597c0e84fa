package io.nestlab.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.CapacityException;
import io.nestlab.InvalidSpecException;
import io.nestlab.ProviderException;
import io.nestlab.QuotaException;
import io.nestlab.gcp.internal.Cidrs;
import io.nestlab.gcp.internal.DescriptionLabels;
import io.nestlab.gcp.internal.GcpErrors;
import io.nestlab.gcp.internal.GcpSettings;
import io.nestlab.gcp.internal.MachineSeries;
import io.nestlab.gcp.internal.Names;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import java.util.Map;
import java.util.Random;
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
  void openIngressNeedsToBeForced() {
    assertEquals("203.0.113.7/32", Cidrs.normalise("203.0.113.7", false));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Cidrs.normalise("0.0.0.0/0", false));
    assertTrue(e.getMessage().contains("allow-open-ingress=true"));
    assertEquals("0.0.0.0/0", Cidrs.normalise("0.0.0.0/0", true));
    assertThrows(IllegalArgumentException.class, () -> Cidrs.normalise("300.1.1.1/32", false));
    assertThrows(IllegalArgumentException.class, () -> Cidrs.normalise("example.com", false));
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
                            "endpoint", "ftp://x"))));
    String m = e.getMessage();
    for (String key :
        new String[] {
          "project", "region", "allowed-cidrs", "subnetwork", "ingress-ports", "endpoint"
        }) {
      assertTrue(m.contains(key), key + " missing in: " + m);
    }
    GcpSettings ok = GcpSettings.parse(ProviderSettings.of(Map.of("project", "my-project-1")));
    assertEquals("ubuntu-2404-lts-amd64", ok.imageFamily());
    assertEquals(java.util.List.of(22), ok.ingressPorts());
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
    assertEquals(HostState.PENDING, GcpLabProvider.state("STAGING"));
    assertEquals(HostState.RUNNING, GcpLabProvider.state("RUNNING"));
    assertEquals(HostState.STOPPED, GcpLabProvider.state("TERMINATED"));
    assertEquals(HostState.STOPPING, GcpLabProvider.state("STOPPING"));
  }
}
