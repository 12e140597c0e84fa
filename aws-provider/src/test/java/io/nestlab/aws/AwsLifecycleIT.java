package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.catalog.Market;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole life of one lab's AWS resources against a real moto_server: preflight, network, launch
 * (twice with one key), console, stop/start, image, lease, media, catalog, then listing and
 * deleting everything by tag. Also checks that the IAM policy of docs/providers/aws.md allows
 * exactly the actions called.
 */
class AwsLifecycleIT {
  /** A well-formed OpenSSH ed25519 public key (EC2 checks the format at ImportKeyPair). */
  static final String SSH_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHZkJcLk4q5v7lKc4xgYh3m5H6lWcTzJkS1W1r0oW0Ji lab@nestlab";

  static MotoServer moto;
  static WireMockServer pricing;
  static Ec2Client raw;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    pricing =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    pricing.start();
    raw = moto.ec2Client();
  }

  @AfterAll
  static void stop() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (pricing != null) {
      pricing.stop();
    }
    if (moto != null) {
      moto.close();
    }
  }

  static HostRequest host(String lab, NetworkRef net, String key) {
    LabTags tags =
        new LabTags(
            lab,
            "ada@example.org",
            Instant.parse("2026-11-24T01:00:00Z"),
            Instant.parse("2026-11-24T09:00:00Z"),
            "0.1.0");
    return new HostRequest(
        lab,
        "us-east-1",
        null,
        "c8i.2xlarge",
        Market.ON_DEMAND,
        true,
        40,
        100,
        "#cloud-config\nruncmd: [echo hello]\n",
        SSH_KEY,
        tags.toMap(),
        net,
        null,
        key);
  }

  @Test
  void wholeLifeLeavesNothingAndUsesExactlyTheDocumentedActions() throws Exception {
    moto.reset();
    String lab = "it-life-1";
    ActionRecorder recorder = new ActionRecorder();
    AwsSettings settings =
        AwsSettings.parse(
            ProviderSettings.of(
                Map.of(
                    "endpoint",
                    moto.uri().toString(),
                    "region",
                    "us-east-1",
                    "pricingEndpoint",
                    "http://127.0.0.1:" + pricing.port(),
                    "serviceQuotasEndpoint",
                    "http://127.0.0.1:" + pricing.port())));
    Map<String, String> labTags = host(lab, null, "k").tags();
    try (AwsLabProvider p =
        AwsLabProviderFactory.create(
            settings, List.of(recorder), Duration.ofMillis(10), Duration.ofMillis(50))) {
      // Service Quotas (also on the WireMock server): no applied value, so AWS's default is read.
      pricing.stubFor(
          WireMock.post("/")
              .withHeader(
                  "X-Amz-Target", WireMock.equalTo("ServiceQuotasV20190624.GetServiceQuota"))
              .willReturn(
                  WireMock.jsonResponse(
                      "{\"__type\":\"NoSuchResourceException\",\"message\":\"none applied\"}",
                      400)));
      pricing.stubFor(
          WireMock.post("/")
              .withHeader(
                  "X-Amz-Target",
                  WireMock.equalTo("ServiceQuotasV20190624.GetAWSDefaultServiceQuota"))
              .willReturn(
                  WireMock.okJson("{\"Quota\":{\"QuotaCode\":\"L-1216C47A\",\"Value\":64.0}}")));
      PreflightReport report = p.preflight(host(lab, null, "k1"));
      assertTrue(report.ok(), report.toString());
      assertTrue(
          report.checks().stream()
              .anyMatch(
                  c ->
                      c.name().equals("vCPU quota")
                          && c.status() == PreflightReport.Status.OK
                          && c.detail().contains("is 64 vCPUs (AWS's default)")),
          report.toString());

      NetworkRef net =
          p.ensureNetwork(new NetworkRequest(lab, "us-east-1", List.of(), labTags, "net-1"));
      assertEquals(
          net,
          p.ensureNetwork(new NetworkRequest(lab, "us-east-1", List.of(), labTags, "net-1")),
          "a second ensureNetwork returns the same network");
      var sg =
          raw.describeSecurityGroups(b -> b.groupIds(net.ids().get("securityGroup")))
              .securityGroups()
              .get(0);
      Set<String> cidrs =
          sg.ipPermissions().stream()
              .flatMap((IpPermission x) -> x.ipRanges().stream())
              .map(r -> r.cidrIp())
              .collect(Collectors.toSet());
      assertEquals(Set.of("127.0.0.1/32"), cidrs, "only the caller may come in");

      HostRef ref = p.launchHost(host(lab, net, "launch-1"));
      assertEquals(
          ref.id(),
          p.launchHost(host(lab, net, "launch-1")).id(),
          "the same idempotency key launches no second host");
      Instance i = MotoLabChecks.assertIsolatedL1Host(raw, lab);
      assertEquals(ref.id(), i.instanceId());
      assertEquals("c8i.2xlarge", i.instanceTypeAsString());
      assertEquals(
          2,
          raw.describeVolumes(
                  b -> b.filters(f -> f.name("attachment.instance-id").values(ref.id())))
              .volumes()
              .size(),
          "boot and data disk");
      // The boot disk is the image's own root device (Debian's /dev/xvda), sized as asked.
      assertEquals("/dev/xvda", i.rootDeviceName());
      assertEquals(
          40,
          raw
              .describeVolumes(
                  b -> b.filters(f -> f.name("attachment.instance-id").values(ref.id())))
              .volumes()
              .stream()
              .filter(v -> v.attachments().get(0).device().equals(i.rootDeviceName()))
              .findFirst()
              .orElseThrow()
              .size());

      HostInfo info = p.describeHost(ref);
      assertEquals(HostState.RUNNING, info.state());
      assertTrue(p.readConsole(ref, 0).nextOffset() >= 0);

      p.stopHost(ref);
      assertEquals(HostState.STOPPED, p.describeHost(ref).state());
      p.startHost(ref);
      assertEquals(HostState.RUNNING, p.describeHost(ref).state());

      var image = p.snapshotHost(ref, "nestlab-" + lab + "-snap1", labTags);
      assertTrue(image.id().startsWith("ami-"));
      // A blueprint's snapshot of the data disk (here tagged as the lab's, so down deletes it).
      DiskSnapshot data = p.snapshotDataDisk(ref, "nestlab-" + lab + "-data", labTags, "save-1");
      assertEquals(DiskSnapshot.State.READY, p.describeSnapshot("us-east-1", data.id()).state());

      OwnedResource instance =
          p.listOwned(TagFilter.lab(lab)).stream()
              .filter(r -> r.kind() == ResourceKind.INSTANCE)
              .findFirst()
              .orElseThrow();
      Instant lease = Instant.parse("2026-11-24T12:00:00Z");
      p.renewLease(instance, lease);
      assertEquals(LabTags.formatTime(lease), p.describeHost(ref).tags().get(LabTags.LEASE_UNTIL));

      // Media: an s3:// object becomes a presigned URL the host can fetch without credentials.
      try (S3Client s3 =
          S3Client.builder()
              .region(Region.US_EAST_1)
              .endpointOverride(moto.uri())
              .forcePathStyle(true)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create("testing", "testing")))
              .build()) {
        s3.createBucket(b -> b.bucket("media"));
        s3.putObject(
            b -> b.bucket("media").key("esxi/VMware-VMvisor-8.0.iso"),
            RequestBody.fromString("iso"));
      }
      URI url =
          p.mediaUrl(URI.create("s3://media/esxi/VMware-VMvisor-8.0.iso"), Duration.ofMinutes(30));
      assertTrue(url.getQuery().contains("X-Amz-Signature"), url.toString());
      var got =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, got.statusCode());
      assertEquals("iso", got.body());
      recorder.add("s3:GetObject");

      // Catalog: types and spot prices from moto, on-demand price from a stubbed Price List.
      pricing.stubFor(
          WireMock.post("/")
              .willReturn(
                  WireMock.okJson(
                      "{\"FormatVersion\":\"aws_v1\",\"PriceList\":[\"{\\\"terms\\\":{\\\"OnDemand\\\":{\\\"X.JRTCKXETXF\\\":"
                          + "{\\\"priceDimensions\\\":{\\\"X.JRTCKXETXF.6YS6EN2CT7\\\":{\\\"unit\\\":\\\"Hrs\\\","
                          + "\\\"pricePerUnit\\\":{\\\"USD\\\":\\\"0.4234000000\\\"}}}}}}}\"]}")));
      var catalog = p.refreshCatalog(List.of("c8i.2xlarge"));
      assertTrue(
          catalog.instanceTypes().stream()
              .anyMatch(t -> t.name().equals("c8i.2xlarge") && t.nestedVirtualization()));
      assertTrue(
          catalog.instanceTypes().stream()
              .anyMatch(t -> t.name().equals("m5.metal") && t.bareMetal()));
      assertEquals(
          0,
          new java.math.BigDecimal("0.4234")
              .compareTo(catalog.onDemandHourly().get("c8i.2xlarge").usd()));
      // The JSON APIs called without an SDK client, as IAM names their actions.
      for (var r : pricing.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/")))) {
        String target = r.getHeader("X-Amz-Target");
        recorder.add(
            target
                .replace("AWSPriceListService.", "pricing:")
                .replace("ServiceQuotasV20190624.", "servicequotas:"));
      }

      List<OwnedResource> owned = p.listOwned(TagFilter.lab(lab));
      Set<ResourceKind> kinds = new TreeSet<>();
      owned.forEach(r -> kinds.add(r.kind()));
      assertTrue(
          kinds.containsAll(
              Set.of(
                  ResourceKind.INSTANCE,
                  ResourceKind.IMAGE,
                  ResourceKind.VOLUME,
                  ResourceKind.KEY_PAIR,
                  ResourceKind.SECURITY_GROUP,
                  ResourceKind.SUBNET,
                  ResourceKind.ROUTE_TABLE,
                  ResourceKind.INTERNET_GATEWAY,
                  ResourceKind.NETWORK)),
          kinds.toString());
      assertEquals(owned.stream().sorted(OwnedResource.DELETION_ORDER).toList(), owned);
      for (OwnedResource r : owned) {
        p.delete(r);
      }
      for (OwnedResource r : owned) {
        p.delete(r); // deleting what is gone succeeds
      }
      assertEquals(List.of(), p.listOwned(TagFilter.lab(lab)));
      assertEquals(HostState.TERMINATED, p.describeHost(ref).state());
    }
    assertNothingTagged(lab);

    Set<String> documented = IamPolicyDoc.actions();
    Set<String> called = recorder.actions();
    Set<String> missing = new TreeSet<>(called);
    missing.removeAll(documented);
    Set<String> unused = new TreeSet<>(documented);
    unused.removeAll(called);
    // Copying a snapshot needs a second region, which moto's image fixture does not allow here:
    // AwsBlueprintIT copies and checks its actions against the same policy.
    unused.remove("ec2:CopySnapshot");
    assertEquals(
        Set.of(),
        missing,
        "called but not in the policy of " + IamPolicyDoc.path() + "; called: " + called);
    assertEquals(Set.of(), unused, "in the policy of " + IamPolicyDoc.path() + " but never called");
  }

  /** Asks moto directly, kind by kind, for anything still carrying the lab's tag. */
  static void assertNothingTagged(String lab) {
    MotoLabChecks.assertNothingTagged(raw, lab);
  }

  static String tag(List<software.amazon.awssdk.services.ec2.model.Tag> tags, String key) {
    return MotoLabChecks.tag(tags, key);
  }
}
