package io.nestlab.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.CapacityException;
import io.nestlab.InvalidSpecException;
import io.nestlab.ProviderException;
import io.nestlab.QuotaException;
import io.nestlab.catalog.Market;
import io.nestlab.gcp.testserver.ComputeTestServer;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.ImageRef;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GCP provider, driven through the real google-cloud-compute clients, against the in-repo
 * Compute Engine test server. After each test nothing labelled remains and no request body broke
 * the v1 schemas; after all, every IAM permission the calls needed is in docs/providers/gcp.md.
 */
class GcpLabProviderIT {
  private static final Set<String> PERMISSIONS = new TreeSet<>();
  private ComputeTestServer server;
  private LabProvider provider;

  @BeforeEach
  void start() {
    server = ComputeTestServer.start();
    provider = provider(Map.of());
  }

  private LabProvider provider(Map<String, String> extra) {
    return LabProviders.factory("gcp").create(ProviderSettings.of(settings(extra)));
  }

  private Map<String, String> settings(Map<String, String> extra) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("endpoint", server.endpoint());
    s.put("project", "p1");
    s.put("region", "us-central1");
    s.put("poll-interval", "20ms");
    s.put("operation-timeout", "20s");
    s.put("call-timeout", "10s");
    s.putAll(extra);
    return s;
  }

  @AfterEach
  void stop() {
    try {
      for (OwnedResource r : provider.listOwned(TagFilter.anyLab())) {
        provider.delete(r);
      }
      assertEquals(List.of(), provider.listOwned(TagFilter.anyLab()), "owned after cleanup");
      assertEquals(List.of(), server.labelledResources(), "labelled resources left");
      assertEquals(List.of(), server.violations(), "request bodies that broke the v1 schemas");
      PERMISSIONS.addAll(server.permissionsUsed());
    } finally {
      provider.close();
      server.close();
    }
  }

  static Map<String, String> tags(String lab) {
    Instant now = Instant.parse("2026-11-24T02:00:00Z");
    return new LabTags(lab, "Al Ice", now, now.plus(Duration.ofHours(8)), "0.1.0-SNAPSHOT").toMap();
  }

  private NetworkRef network(String lab) {
    return provider.ensureNetwork(
        new NetworkRequest(lab, "us-central1", List.of(), tags(lab), lab + "-net"));
  }

  static HostRequest host(String lab, String type, Market market, boolean nested, NetworkRef net) {
    return new HostRequest(
        lab,
        "us-central1",
        null,
        type,
        market,
        nested,
        60,
        200,
        "#cloud-config\nruncmd: [echo hi]\n",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx nestlab",
        tags(lab),
        net,
        Duration.ofHours(8),
        lab + "-host-1");
  }

  private ObjectNode onlyInstance() {
    List<ObjectNode> all = server.instances();
    assertEquals(1, all.size(), "instances on the server");
    return all.get(0);
  }

  @Test
  void fullLifecycleCreatesALabelledNestedHostInItsOwnClosedNetworkAndRemovesEverything() {
    NetworkRef net = network("lab1");
    assertEquals(net, network("lab1"), "ensureNetwork is idempotent");
    HostRef ref = provider.launchHost(host("lab1", "n2-standard-16", Market.ON_DEMAND, true, net));
    assertEquals("us-central1-a", ref.zone());

    ObjectNode i = onlyInstance();
    assertTrue(i.path("advancedMachineFeatures").path("enableNestedVirtualization").asBoolean());
    assertEquals("lab1", i.path("labels").path(LabTags.LAB).asText());
    assertEquals("al_ice", i.path("labels").path(LabTags.OWNER).asText());
    assertTrue(i.path("shieldedInstanceConfig").path("enableVtpm").asBoolean());
    assertEquals("STANDARD", i.path("scheduling").path("provisioningModel").asText());
    assertEquals("28800", i.path("scheduling").path("maxRunDuration").path("seconds").asText());
    assertEquals("STOP", i.path("scheduling").path("instanceTerminationAction").asText());
    Map<String, String> md = new LinkedHashMap<>();
    i.path("metadata")
        .path("items")
        .forEach(it -> md.put(it.path("key").asText(), it.path("value").asText()));
    assertTrue(md.get("user-data").startsWith("#cloud-config"));
    // Debian 12's GCE image has no cloud-init: the startup script installs it for the user data.
    assertTrue(md.get("startup-script").contains("install -y -q cloud-init"), md.toString());
    assertEquals(tags("lab1").get(LabTags.LEASE_UNTIL), md.get(LabTags.LEASE_UNTIL));
    assertTrue(md.get("ssh-keys").startsWith("nestlab:ssh-ed25519 "));
    for (ObjectNode d : server.disks()) {
      assertTrue(d.path("type").asText().endsWith("/pd-balanced"), d.toString());
      assertEquals("lab1", d.path("labels").path(LabTags.LAB).asText());
    }
    assertEquals(2, server.disks().size(), "boot and data disk");

    // Own network, own subnetwork, and ingress only from the caller's /32.
    assertEquals(1, server.networks().size());
    assertFalse(server.networks().get(0).path("autoCreateSubnetworks").asBoolean(true));
    assertEquals(1, server.firewalls().size());
    JsonNode fw = server.firewalls().get(0);
    assertEquals("[\"127.0.0.1/32\"]", fw.path("sourceRanges").toString());
    assertEquals(
        i.path("tags").path("items").get(0).asText(), fw.path("targetTags").get(0).asText());
    assertTrue(
        i.path("networkInterfaces")
            .get(0)
            .path("network")
            .asText()
            .endsWith(server.networks().get(0).path("name").asText()));

    HostInfo info = provider.describeHost(ref);
    assertEquals(HostState.RUNNING, info.state());
    assertEquals("n2-standard-16", info.instanceType());
    assertTrue(info.publicIp().startsWith("203.0.113."));
    assertEquals("lab1", info.tags().get(LabTags.LAB));

    ConsoleOutput c1 = provider.readConsole(ref, 0);
    assertTrue(c1.text().contains("Booting"));
    server.appendConsole("p1", ref.zone(), ref.id(), "NESTLAB-PROGRESS esxi-1 installed\n");
    ConsoleOutput c2 = provider.readConsole(ref, c1.nextOffset());
    assertEquals("NESTLAB-PROGRESS esxi-1 installed\n", c2.text());

    provider.stopHost(ref);
    assertEquals(HostState.STOPPED, provider.describeHost(ref).state());
    provider.startHost(ref);
    assertEquals(HostState.RUNNING, provider.describeHost(ref).state());

    ImageRef image = provider.snapshotHost(ref, "Lab1 Blueprint", tags("lab1"));
    assertEquals("lab1-blueprint", image.id());
    assertEquals(1, server.machineImages().size());

    Instant later = Instant.parse("2026-11-24T12:00:00Z");
    List<OwnedResource> owned = provider.listOwned(TagFilter.lab("lab1"));
    OwnedResource inst = owned.get(0);
    assertEquals(ResourceKind.INSTANCE, inst.kind());
    provider.renewLease(inst, later);
    ObjectNode renewed = onlyInstance();
    assertEquals(
        LabTags.formatTime(later), renewed.path("labels").path(LabTags.LEASE_UNTIL).asText());
    assertTrue(renewed.path("metadata").toString().contains(LabTags.formatTime(later)));

    List<ResourceKind> kinds = new ArrayList<>();
    provider.listOwned(TagFilter.lab("lab1")).forEach(r -> kinds.add(r.kind()));
    assertEquals(
        List.of(
            ResourceKind.INSTANCE,
            ResourceKind.MACHINE_IMAGE,
            ResourceKind.FIREWALL,
            ResourceKind.SUBNET,
            ResourceKind.NETWORK),
        kinds);
    assertEquals(List.of(), provider.listOwned(TagFilter.lab("other")));

    for (OwnedResource r : provider.listOwned(TagFilter.lab("lab1"))) {
      provider.delete(r);
      provider.delete(r); // already gone: still fine
    }
    assertEquals(List.of(), server.labelledResources());
    assertEquals(HostState.NOT_FOUND, provider.describeHost(ref).state());
    provider.terminateHost(ref);
  }

  @Test
  void aProviderWithoutARegionFindsAndDeletesEveryResourceOfALabIncludingItsSubnetwork() {
    NetworkRef net = network("lab14");
    provider.launchHost(host("lab14", "n2-standard-8", Market.ON_DEMAND, true, net));
    Map<String, String> noRegion = settings(Map.of());
    noRegion.remove("region");
    LabProvider elsewhere = provider(Map.of("region", "europe-west4"));
    try {
      assertEquals(List.of(), elsewhere.listOwned(TagFilter.lab("lab14")), "another region's");
    } finally {
      elsewhere.close();
    }
    LabProvider anywhere = LabProviders.factory("gcp").create(ProviderSettings.of(noRegion));
    try {
      List<OwnedResource> owned = anywhere.listOwned(TagFilter.lab("lab14"));
      List<String> ids = owned.stream().map(OwnedResource::id).toList();
      assertTrue(
          ids.contains(
              "regions/us-central1/subnetworks/"
                  + server.subnetworks().get(0).path("name").asText()),
          ids.toString());
      for (OwnedResource r : owned) {
        anywhere.delete(r);
      }
      assertEquals(List.of(), server.labelledResources(), "left after delete by tags");
      assertEquals(0, server.networks().size() + server.subnetworks().size());
    } finally {
      anywhere.close();
    }
  }

  private static final String READ_ONLY = "https://www.googleapis.com/auth/devstorage.read_only";

  /** The host's service accounts as the server stored them, e.g. {@code [email scope, ...]}. */
  private List<String> serviceAccountsOf(String lab) {
    List<String> out = new ArrayList<>();
    for (ObjectNode i : server.instances()) {
      if (i.path("labels").path(LabTags.LAB).asText().equals(lab)) {
        for (JsonNode sa : i.path("serviceAccounts")) {
          StringBuilder b = new StringBuilder(sa.path("email").asText());
          sa.path("scopes").forEach(sc -> b.append(' ').append(sc.asText()));
          out.add(b.toString());
        }
      }
    }
    return out;
  }

  @Test
  void theHostRunsAsAServiceAccountThatCanOnlyReadCloudStorageOrAsNoneWhenAsked() {
    provider.launchHost(host("lab15", "n2-standard-8", Market.ON_DEMAND, true, network("lab15")));
    assertEquals(List.of("default " + READ_ONLY), serviceAccountsOf("lab15"));

    String email = "lab-media@p1.iam.gserviceaccount.com";
    LabProvider dedicated = provider(Map.of("service-account", email));
    LabProvider none = provider(Map.of("service-account", "none"));
    try {
      dedicated.launchHost(
          host(
              "lab16",
              "n2-standard-8",
              Market.ON_DEMAND,
              true,
              dedicated.ensureNetwork(
                  new NetworkRequest("lab16", "us-central1", List.of(), tags("lab16"), "n"))));
      assertEquals(List.of(email + " " + READ_ONLY), serviceAccountsOf("lab16"));
      NetworkRef net17 =
          none.ensureNetwork(
              new NetworkRequest("lab17", "us-central1", List.of(), tags("lab17"), "n"));
      none.launchHost(host("lab17", "n2-standard-8", Market.ON_DEMAND, true, net17));
      assertEquals(List.of(), serviceAccountsOf("lab17"), "service-account=none");
      PreflightReport r =
          none.preflight(host("lab17", "n2-standard-8", Market.ON_DEMAND, true, net17));
      assertTrue(
          r.checks().stream()
              .anyMatch(
                  c -> c.name().equals("service account") && c.detail().contains("gs:// media")),
          r.toString());
    } finally {
      dedicated.close();
      none.close();
    }
    assertEquals(3, server.instances().size());
  }

  @Test
  void theSameIdempotencyKeyNeverLaunchesASecondHost() {
    NetworkRef net = network("lab2");
    HostRequest req = host("lab2", "n2-standard-8", Market.ON_DEMAND, true, net);
    HostRef a = provider.launchHost(req);
    HostRef b = provider.launchHost(req);
    assertEquals(a, b);
    assertEquals(1, server.instances().size());
  }

  @Test
  void throttledCallsAreRetriedWithTheSameRequestIdAndActOnce() {
    NetworkRef net = network("lab3");
    server.throttleNext(3);
    HostRef ref = provider.launchHost(host("lab3", "n2-standard-8", Market.ON_DEMAND, true, net));
    assertEquals(HostState.RUNNING, provider.describeHost(ref).state());
    assertEquals(1, server.instances().size());
    assertTrue(server.requestLog().size() > 3);
  }

  @Test
  void anExhaustedZoneFallsBackToTheNextZoneOfTheRegion() {
    NetworkRef net = network("lab4");
    server.exhaustZone("us-central1-a");
    HostRef ref = provider.launchHost(host("lab4", "n2-standard-8", Market.ON_DEMAND, true, net));
    assertEquals("us-central1-b", ref.zone());
  }

  @Test
  void whenEveryZoneIsExhaustedTheLaunchFailsWithACapacityErrorAndCreatesNoHost() {
    NetworkRef net = network("lab5");
    for (String z : List.of("a", "b", "c", "f")) {
      server.exhaustZone("us-central1-" + z);
    }
    CapacityException e =
        assertThrows(
            CapacityException.class,
            () -> provider.launchHost(host("lab5", "n2-standard-8", Market.ON_DEMAND, true, net)));
    assertTrue(e.getMessage().contains("us-central1-f (no capacity)"), e.getMessage());
    assertTrue(e.retryable());
    assertEquals(0, server.instances().size());
  }

  @Test
  void aMachineTypeMissingInTheFirstZoneIsLaunchedInAZoneThatOffersIt() {
    NetworkRef net = network("lab6");
    server.offerMachineTypeOnlyIn("c4-standard-8", "us-central1-c");
    HostRef ref = provider.launchHost(host("lab6", "c4-standard-8", Market.SPOT, true, net));
    assertEquals("us-central1-c", ref.zone());
    ObjectNode i = onlyInstance();
    assertEquals("SPOT", i.path("scheduling").path("provisioningModel").asText());
    assertEquals("DELETE", i.path("scheduling").path("instanceTerminationAction").asText());
    for (ObjectNode d : server.disks()) {
      assertTrue(d.path("type").asText().endsWith("/hyperdisk-balanced"), d.toString());
    }
  }

  @Test
  void quotaErrorsNameTheQuotaAndWhereToRaiseIt() {
    NetworkRef net = network("lab7");
    server.setQuota("us-central1", "N2_CPUS", 8);
    QuotaException e =
        assertThrows(
            QuotaException.class,
            () -> provider.launchHost(host("lab7", "n2-standard-16", Market.ON_DEMAND, true, net)));
    assertTrue(e.getMessage().contains("N2_CPUS"), e.getMessage());
    assertTrue(e.getMessage().contains("console.cloud.google.com/iam-admin/quotas?project=p1"));
    PreflightReport report =
        provider.preflight(host("lab7", "n2-standard-16", Market.ON_DEMAND, true, net));
    assertFalse(report.ok());
    assertTrue(
        report.checks().stream()
            .anyMatch(c -> c.name().equals("quota") && c.detail().contains("8 free, 16 needed")),
        report.toString());
  }

  @Test
  void theNestedVirtualizationOrgPolicyIsReportedWithItsFix() {
    NetworkRef net = network("lab8");
    server.forbidNestedVirtualization(true);
    ProviderException e =
        assertThrows(
            ProviderException.class,
            () -> provider.launchHost(host("lab8", "n2-standard-8", Market.ON_DEMAND, true, net)));
    assertEquals("constraints/compute.disableNestedVirtualization", e.code());
    assertTrue(e.getMessage().contains("c3-*-metal"), e.getMessage());
    assertFalse(e.retryable());
    // Bare metal needs no flag, so the policy does not stop it.
    HostRef metal =
        provider.launchHost(host("lab8", "c3-standard-192-metal", Market.ON_DEMAND, false, net));
    ObjectNode i = onlyInstance();
    assertFalse(i.has("advancedMachineFeatures"));
    assertFalse(i.has("shieldedInstanceConfig"));
    assertEquals("TERMINATE", i.path("scheduling").path("onHostMaintenance").asText());
    assertEquals("us-central1-a", metal.zone());
  }

  @Test
  void aDeniedPermissionIsNamedInTheError() {
    server.denyPermission("compute.networks.create");
    ProviderException e = assertThrows(ProviderException.class, () -> network("lab9"));
    assertEquals("PERMISSION_DENIED", e.code());
    assertTrue(e.getMessage().contains("compute.networks.create"), e.getMessage());
  }

  @Test
  void preflightPassesForAFittingRequestAndNamesEachProblemOtherwise() {
    NetworkRef net = network("lab10");
    PreflightReport good =
        provider.preflight(host("lab10", "n2-custom-16-131072", Market.ON_DEMAND, true, net));
    assertTrue(good.ok(), good.toString());
    assertEquals(7, good.checks().size());

    PreflightReport e2 =
        provider.preflight(host("lab10", "e2-standard-8", Market.ON_DEMAND, true, net));
    assertTrue(
        e2.checks().stream()
            .anyMatch(c -> c.name().equals("nested virtualization") && c.detail().contains("E2")),
        e2.toString());

    LabProvider other = provider(Map.of("project", "nosuch-project"));
    try {
      PreflightReport r =
          other.preflight(host("lab10", "n2-standard-8", Market.ON_DEMAND, true, net));
      assertTrue(
          r.checks().stream()
              .anyMatch(
                  c -> c.name().equals("project") && !c.status().equals(PreflightReport.Status.OK)),
          r.toString());
    } finally {
      other.close();
    }
    assertEquals(1, server.instances().size() + 1, "preflight created nothing");
  }

  @Test
  void customMachineTypesAreLaunchedAsAsked() {
    NetworkRef net = network("lab11");
    provider.launchHost(host("lab11", "n2-custom-16-131072", Market.ON_DEMAND, true, net));
    assertTrue(
        onlyInstance().path("machineType").asText().endsWith("/machineTypes/n2-custom-16-131072"));
  }

  @Test
  void userDataBeyondTheMetadataLimitIsRefusedBeforeAnyCall() {
    NetworkRef net = network("lab12");
    HostRequest big = host("lab12", "n2-standard-8", Market.ON_DEMAND, true, net);
    HostRequest tooBig =
        new HostRequest(
            big.labId(),
            big.region(),
            null,
            big.instanceType(),
            big.market(),
            true,
            60,
            0,
            "x".repeat(256 * 1024 + 1),
            big.sshPublicKey(),
            big.tags(),
            net,
            null,
            "k");
    InvalidSpecException e =
        assertThrows(InvalidSpecException.class, () -> provider.launchHost(tooBig));
    assertTrue(e.getMessage().contains("262144"), e.getMessage());
    assertEquals(0, server.instances().size());
  }

  @Test
  void openIngressIsRefusedUnlessForced() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                provider.ensureNetwork(
                    new NetworkRequest(
                        "lab13", "us-central1", List.of("0.0.0.0/0"), tags("lab13"), "k")));
    assertTrue(e.getMessage().contains("allow-open-ingress=true"), e.getMessage());
    InvalidSpecException halves =
        assertThrows(
            InvalidSpecException.class,
            () ->
                provider.ensureNetwork(
                    new NetworkRequest(
                        "lab13",
                        "us-central1",
                        List.of("0.0.0.0/1", "128.0.0.0/1"),
                        tags("lab13"),
                        "k")));
    assertTrue(halves.getMessage().contains("'128.0.0.0/1'"), halves.getMessage());
    assertTrue(halves.getMessage().contains("allow-open-ingress=true"), halves.getMessage());
    assertEquals(0, server.networks().size());
    provider.ensureNetwork(
        new NetworkRequest("lab13", "us-central1", List.of("198.51.100.7"), tags("lab13"), "k"));
    assertEquals(
        "[\"198.51.100.7/32\"]", server.firewalls().get(0).path("sourceRanges").toString());
  }

  @Test
  void unknownSettingsAndMissingProjectAreRejectedByName() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> LabProviders.factory("gcp").create(ProviderSettings.of(Map.of("projet", "p1"))));
    assertTrue(e.getMessage().contains("projet"), e.getMessage());
    assertTrue(e.getMessage().contains("project"), e.getMessage());
  }

  @AfterAll
  static void everyPermissionUsedIsDocumented() throws IOException {
    Path doc = Path.of(System.getProperty("nestlab.repo.dir", ".."), "docs", "providers", "gcp.md");
    String text = Files.readString(doc);
    List<String> missing = new ArrayList<>();
    for (String p : PERMISSIONS) {
      if (!text.contains("`" + p + "`")) {
        missing.add(p);
      }
    }
    assertEquals(List.of(), missing, "permissions the ITs used but docs/providers/gcp.md lacks");
  }
}
