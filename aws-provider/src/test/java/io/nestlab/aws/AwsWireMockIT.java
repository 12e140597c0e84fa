package io.nestlab.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.nestlab.CapacityException;
import io.nestlab.ProviderException;
import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostState;
import io.nestlab.spi.ProviderSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What moto does not model, scripted with WireMock speaking the EC2 Query protocol: throttling,
 * ClientToken on retried launches, pending-to-running delays, capacity shortages per zone and
 * paginated DescribeInstanceTypes.
 */
class AwsWireMockIT {
  static final String NS = " xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";
  static WireMockServer wm;

  @BeforeAll
  static void start() {
    wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  AwsLabProvider provider(Map<String, String> extra) {
    Map<String, String> s =
        new HashMap<>(
            Map.of(
                "endpoint", "http://127.0.0.1:" + wm.port(),
                "region", "us-east-1",
                "amiId", "ami-0123",
                "maxAttempts", "4",
                "waitTimeout", "20s"));
    s.putAll(extra);
    return AwsLabProviderFactory.create(
        AwsSettings.parse(ProviderSettings.of(s)),
        List.of(),
        Duration.ofMillis(5),
        Duration.ofMillis(20));
  }

  static String error(String code) {
    return "<Response><Errors><Error><Code>"
        + code
        + "</Code><Message>"
        + code
        + " (scripted)</Message></Error></Errors><RequestID>req-1</RequestID></Response>";
  }

  static String instances(String state) {
    return "<DescribeInstancesResponse"
        + NS
        + "><requestId>r</requestId><reservationSet><item>"
        + "<reservationId>r-1</reservationId><instancesSet><item><instanceId>i-0abc</instanceId>"
        + "<instanceType>c8i.2xlarge</instanceType><placement><availabilityZone>us-east-1a"
        + "</availabilityZone></placement><instanceState><code>0</code><name>"
        + state
        + "</name></instanceState></item></instancesSet></item></reservationSet>"
        + "</DescribeInstancesResponse>";
  }

  void stub(String action, int status, String body) {
    wm.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=" + action + "&"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(body)));
  }

  List<LoggedRequest> calls(String action) {
    return wm.findAll(
        postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&")));
  }

  static String param(LoggedRequest r, String name) {
    for (String kv : r.getBodyAsString().split("&")) {
      int eq = kv.indexOf('=');
      if (kv.substring(0, eq).equals(name)) {
        return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Test
  void throttledCallsAreRetriedWithBackOffAndThenSucceed() {
    String s = "throttle";
    wm.stubFor(
        post(urlEqualTo("/"))
            .inScenario(s)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody(error("RequestLimitExceeded")))
            .willSetStateTo("again"));
    wm.stubFor(
        post(urlEqualTo("/"))
            .inScenario(s)
            .whenScenarioStateIs("again")
            .willReturn(aResponse().withStatus(503).withBody(error("RequestLimitExceeded")))
            .willSetStateTo("ok"));
    wm.stubFor(
        post(urlEqualTo("/"))
            .inScenario(s)
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody(instances("running"))));
    try (AwsLabProvider p = provider(Map.of())) {
      assertEquals(
          HostState.RUNNING,
          p.describeHost(new HostRef("aws", "us-east-1", null, "i-0abc")).state());
    }
    assertEquals(3, calls("DescribeInstances").size(), "two throttled attempts, then success");
  }

  @Test
  void aDroppedConnectionIsRetriedLikeThrottling() {
    String s = "reset";
    wm.stubFor(
        post(urlEqualTo("/"))
            .inScenario(s)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    wm.stubFor(
        post(urlEqualTo("/"))
            .inScenario(s)
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody(instances("running"))));
    try (AwsLabProvider p = provider(Map.of())) {
      assertEquals(
          HostState.RUNNING,
          p.describeHost(new HostRef("aws", "us-east-1", null, "i-0abc")).state());
    }
    assertEquals(2, calls("DescribeInstances").size(), "the reset attempt, then success");
  }

  @Test
  void throttlingBeyondTheAttemptsIsAThrottledRetryableProviderException() {
    stub("DescribeInstances", 503, error("RequestLimitExceeded"));
    try (AwsLabProvider p = provider(Map.of())) {
      ProviderException e =
          assertThrows(
              ProviderException.class,
              () -> p.describeHost(new HostRef("aws", "us-east-1", null, "i-0abc")));
      assertTrue(e.throttled());
      assertTrue(e.retryable());
      assertEquals("RequestLimitExceeded", e.code());
    }
    assertEquals(4, calls("DescribeInstances").size(), "maxAttempts=4");
  }

  @Test
  void startWaitsThroughPendingUntilRunning() {
    stub(
        "StartInstances",
        200,
        "<StartInstancesResponse"
            + NS
            + "><requestId>r</requestId><instancesSet/></StartInstancesResponse>");
    String s = "boot";
    for (int i = 0; i < 3; i++) {
      wm.stubFor(
          post(urlEqualTo("/"))
              .withRequestBody(containing("Action=DescribeInstances&"))
              .inScenario(s)
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "p" + i)
              .willReturn(aResponse().withStatus(200).withBody(instances("pending")))
              .willSetStateTo("p" + (i + 1)));
    }
    wm.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeInstances&"))
            .inScenario(s)
            .whenScenarioStateIs("p3")
            .willReturn(aResponse().withStatus(200).withBody(instances("running"))));
    try (AwsLabProvider p = provider(Map.of())) {
      p.startHost(new HostRef("aws", "us-east-1", "us-east-1a", "i-0abc"));
    }
    assertEquals(4, calls("DescribeInstances").size(), "three pending polls, then running");
  }

  @Test
  void aWaitThatNeverEndsTimesOut() {
    stub(
        "StopInstances",
        200,
        "<StopInstancesResponse"
            + NS
            + "><requestId>r</requestId><instancesSet/></StopInstancesResponse>");
    stub("DescribeInstances", 200, instances("stopping"));
    try (AwsLabProvider p = provider(Map.of("waitTimeout", "1s"))) {
      var e =
          assertThrows(
              io.nestlab.NestLabTimeoutException.class,
              () -> p.stopHost(new HostRef("aws", "us-east-1", "us-east-1a", "i-0abc")));
      assertTrue(e.getMessage().contains("i-0abc"), e.getMessage());
    }
  }

  void launchStubs() {
    stub(
        "DescribeImages",
        200,
        "<DescribeImagesResponse"
            + NS
            + "><requestId>r</requestId><imagesSet><item><imageId>ami-0123</imageId>"
            + "<rootDeviceName>/dev/xvda</rootDeviceName></item></imagesSet>"
            + "</DescribeImagesResponse>");
    stub(
        "DescribeInstances",
        200,
        "<DescribeInstancesResponse"
            + NS
            + "><requestId>r</requestId><reservationSet/></DescribeInstancesResponse>");
    stub(
        "DescribeKeyPairs",
        200,
        "<DescribeKeyPairsResponse"
            + NS
            + "><requestId>r</requestId><keySet><item><keyName>nestlab-lab-1</keyName></item></keySet></DescribeKeyPairsResponse>");
    stub(
        "DescribeInstanceTypeOfferings",
        200,
        "<DescribeInstanceTypeOfferingsResponse"
            + NS
            + "><requestId>r</requestId><instanceTypeOfferingSet>"
            + "<item><instanceType>c8i.2xlarge</instanceType><location>us-east-1a</location></item>"
            + "<item><instanceType>c8i.2xlarge</instanceType><location>us-east-1b</location></item>"
            + "</instanceTypeOfferingSet></DescribeInstanceTypeOfferingsResponse>");
    stub(
        "DescribeSubnets",
        200,
        "<DescribeSubnetsResponse"
            + NS
            + "><requestId>r</requestId><subnetSet><item><subnetId>subnet-1</subnetId></item></subnetSet></DescribeSubnetsResponse>");
  }

  static String reservation() {
    return "<RunInstancesResponse"
        + NS
        + "><requestId>r</requestId><reservationId>r-1</reservationId>"
        + "<instancesSet><item><instanceId>i-0new</instanceId><placement><availabilityZone>us-east-1b"
        + "</availabilityZone></placement><instanceState><code>0</code><name>pending</name>"
        + "</instanceState></item></instancesSet></RunInstancesResponse>";
  }

  @Test
  void aRetriedLaunchCarriesTheSameClientTokenAndAFullZoneFallsBackToTheNext() {
    launchStubs();
    String s = "launch";
    // zone a: no capacity; zone b: a 500 first (the SDK retries), then success
    wm.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=RunInstances&"))
            .inScenario(s)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500).withBody(error("InsufficientInstanceCapacity")))
            .willSetStateTo("b-fails"));
    wm.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=RunInstances&"))
            .inScenario(s)
            .whenScenarioStateIs("b-fails")
            .willReturn(aResponse().withStatus(500).withBody(error("InternalError")))
            .willSetStateTo("b-ok"));
    wm.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=RunInstances&"))
            .inScenario(s)
            .whenScenarioStateIs("b-ok")
            .willReturn(aResponse().withStatus(200).withBody(reservation())));
    HostRef ref;
    try (AwsLabProvider p = provider(Map.of())) {
      ref = p.launchHost(AwsLabProviderTest.request(true, "c8i.2xlarge", "#cloud-config\n"));
    }
    assertEquals("i-0new", ref.id());
    assertEquals("us-east-1b", ref.zone());
    List<LoggedRequest> runs = calls("RunInstances");
    assertEquals(3, runs.size());
    String zoneA = param(runs.get(0), "ClientToken");
    String zoneB = param(runs.get(1), "ClientToken");
    assertTrue(zoneA.length() <= 64 && !zoneA.isEmpty());
    assertTrue(!zoneA.equals(zoneB), "another zone is another launch");
    assertEquals(zoneB, param(runs.get(2), "ClientToken"), "a retried launch repeats its token");
    assertEquals("enabled", param(runs.get(2), "CpuOptions.NestedVirtualization"));
    assertEquals("required", param(runs.get(2), "MetadataOptions.HttpTokens"));
  }

  @Test
  void noCapacityInAnyZoneIsACapacityException() {
    launchStubs();
    stub("RunInstances", 500, error("InsufficientInstanceCapacity"));
    try (AwsLabProvider p = provider(Map.of())) {
      CapacityException e =
          assertThrows(
              CapacityException.class,
              () -> p.launchHost(AwsLabProviderTest.request(true, "c8i.2xlarge", "")));
      assertTrue(e.getMessage().contains("us-east-1a, us-east-1b"), e.getMessage());
    }
    assertEquals(
        2, calls("RunInstances").size(), "capacity errors are not retried in the same zone");
  }

  static String typesPage(String type, boolean metal, String feature, String next) {
    return "<DescribeInstanceTypesResponse"
        + NS
        + "><requestId>r</requestId><instanceTypeSet><item>"
        + "<instanceType>"
        + type
        + "</instanceType><bareMetal>"
        + metal
        + "</bareMetal>"
        + "<vCpuInfo><defaultVCpus>8</defaultVCpus></vCpuInfo><memoryInfo><sizeInMiB>16384</sizeInMiB></memoryInfo>"
        + "<processorInfo><manufacturer>Intel</manufacturer><supportedArchitectures><item>x86_64</item></supportedArchitectures>"
        + "<supportedFeatures>"
        + (feature == null ? "" : "<item>" + feature + "</item>")
        + "</supportedFeatures></processorInfo>"
        + "<supportedUsageClasses><item>on-demand</item></supportedUsageClasses></item></instanceTypeSet>"
        + (next == null ? "" : "<nextToken>" + next + "</nextToken>")
        + "</DescribeInstanceTypesResponse>";
  }

  @Test
  void instanceTypesAreReadAcrossPagesKeepingOnlyKvmCapableOnes() {
    wm.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeInstanceTypes&"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(typesPage("c8i.2xlarge", false, "nested-virtualization", "p2"))));
    wm.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeInstanceTypes&"))
            .withRequestBody(containing("NextToken=p2"))
            .willReturn(
                aResponse().withStatus(200).withBody(typesPage("t3.micro", false, null, "p3"))));
    wm.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeInstanceTypes&"))
            .withRequestBody(containing("NextToken=p3"))
            .willReturn(
                aResponse().withStatus(200).withBody(typesPage("m5.metal", true, null, null))));
    try (AwsLabProvider p = provider(Map.of())) {
      var result = p.refreshCatalog(List.of());
      assertEquals(
          List.of("c8i.2xlarge", "m5.metal"),
          result.instanceTypes().stream().map(AwsCatalogRefresh.InstanceType::name).toList());
      assertTrue(result.instanceTypes().get(0).nestedVirtualization());
      assertTrue(result.instanceTypes().get(1).bareMetal());
    }
    assertEquals(3, calls("DescribeInstanceTypes").size());
  }
}
