package io.nestlab.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.aws.internal.QuotaCheck;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.PreflightReport.Check;
import io.nestlab.spi.PreflightReport.Status;
import io.nestlab.spi.ProviderSettings;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Preflight's vCPU quota check: EC2 is a real moto_server (running instances are counted there),
 * Service Quotas is WireMock speaking its JSON 1.1 protocol, since moto models no EC2 quota.
 */
class AwsQuotaIT {
  static MotoServer moto;
  static WireMockServer quotas;
  static Ec2Client raw;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    quotas =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    quotas.start();
    raw = moto.ec2Client();
  }

  @AfterAll
  static void stop() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (quotas != null) {
      quotas.stop();
    }
    if (moto != null) {
      moto.close();
    }
  }

  /**
   * Terminates what the previous test ran (moto 5.2.1 cannot reset twice when its images come from
   * MOTO_AMIS_PATH: the second reset fails parsing the already parsed creation dates).
   */
  @BeforeEach
  void reset() {
    quotas.resetAll();
    List<String> live =
        raw
            .describeInstances(
                b -> b.filters(f -> f.name("instance-state-name").values("pending", "running")))
            .reservations()
            .stream()
            .flatMap(r -> r.instances().stream())
            .map(i -> i.instanceId())
            .toList();
    if (!live.isEmpty()) {
      raw.terminateInstances(b -> b.instanceIds(live));
    }
  }

  static final String AMI = "ami-0a1b2c3d4e5f60001";

  /** A provider on moto; Service Quotas at {@code quotasEndpoint}, or moto's own when null. */
  AwsLabProvider provider(String quotasEndpoint) {
    Map<String, String> s =
        new HashMap<>(Map.of("endpoint", moto.uri().toString(), "region", "us-east-1"));
    if (quotasEndpoint != null) {
      s.put("serviceQuotasEndpoint", quotasEndpoint);
    }
    return AwsLabProviderFactory.create(
        AwsSettings.parse(ProviderSettings.of(s)),
        List.of(),
        Duration.ofMillis(5),
        Duration.ofMillis(20));
  }

  static void answer(String operation, int status, String json) {
    quotas.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("ServiceQuotasV20190624." + operation))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(json)));
  }

  static String quota(double value) {
    return "{\"Quota\":{\"ServiceCode\":\"ec2\",\"QuotaCode\":\"L-1216C47A\",\"QuotaName\":"
        + "\"Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances\",\"Value\":"
        + value
        + "}}";
  }

  static Check quotaCheck(PreflightReport report) {
    return report.checks().stream()
        .filter(c -> c.name().equals(QuotaCheck.NAME))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no quota check in " + report));
  }

  static String wireMock() {
    return "http://127.0.0.1:" + quotas.port();
  }

  static HostRequest request() {
    return AwsLifecycleIT.host("quota-lab", null, "k");
  }

  /** Runs one on-demand m5.xlarge (4 vCPUs) and one t3.micro in moto, outside any lab. */
  static void runOthers() {
    raw.runInstances(b -> b.imageId(AMI).instanceType("m5.xlarge").minCount(1).maxCount(1));
    raw.runInstances(b -> b.imageId(AMI).instanceType("t3.micro").minCount(1).maxCount(1));
  }

  @Test
  void preflightFailsWhenRunningInstancesAndTheNewTypeExceedTheQuota() {
    runOthers();
    answer("GetServiceQuota", 200, quota(12));
    PreflightReport report;
    try (AwsLabProvider p = provider(wireMock())) {
      report = p.preflight(request());
    }
    Check c = quotaCheck(report);
    assertEquals(Status.FAIL, c.status(), c.detail());
    assertTrue(!report.ok(), "a failed quota check fails preflight");
    assertTrue(
        c.detail()
            .startsWith(
                "'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances' (L-1216C47A)"
                    + " in us-east-1 is 12 vCPUs; 6 in use by running on-demand instances;"
                    + " c8i.2xlarge needs 8. Request an increase to at least 14"),
        c.detail());
    var sent =
        quotas.findAll(
            postRequestedFor(urlEqualTo("/"))
                .withHeader("Authorization", containing("/us-east-1/servicequotas/aws4_request"))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withRequestBody(
                    equalToJson("{\"ServiceCode\":\"ec2\",\"QuotaCode\":\"L-1216C47A\"}")));
    assertEquals(1, sent.size(), "one SigV4-signed GetServiceQuota for the standard quota");
  }

  @Test
  void preflightPassesWhenTheQuotaCoversThem() {
    runOthers();
    answer("GetServiceQuota", 200, quota(14));
    try (AwsLabProvider p = provider(wireMock())) {
      PreflightReport report = p.preflight(request());
      assertEquals(Status.OK, quotaCheck(report).status(), quotaCheck(report).detail());
      assertTrue(report.ok(), report.toString());
    }
  }

  @Test
  void withoutAnAppliedValueAwsDefaultIsRead() {
    answer(
        "GetServiceQuota",
        400,
        "{\"__type\":\"NoSuchResourceException\",\"message\":\"no applied value\"}");
    answer("GetAWSDefaultServiceQuota", 200, quota(5));
    try (AwsLabProvider p = provider(wireMock())) {
      Check c = quotaCheck(p.preflight(request()));
      assertEquals(Status.FAIL, c.status(), c.detail());
      assertTrue(c.detail().contains("is 5 vCPUs (AWS's default)"), c.detail());
    }
  }

  @Test
  void accessDeniedIsAWarningThatNamesTheMissingPermission() {
    answer(
        "GetServiceQuota",
        400,
        "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized\"}");
    try (AwsLabProvider p = provider(wireMock())) {
      PreflightReport report = p.preflight(request());
      Check c = quotaCheck(report);
      assertEquals(Status.WARN, c.status(), c.detail());
      assertTrue(c.detail().contains("servicequotas:GetServiceQuota"), c.detail());
      assertTrue(c.detail().contains("covers the 8 vCPUs of c8i.2xlarge"), c.detail());
      assertTrue(report.ok(), "a warning does not fail preflight: " + report);
    }
  }

  @Test
  void anUnreachableEndpointIsAWarning() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (AwsLabProvider p = provider("http://127.0.0.1:" + closed)) {
      Check c = quotaCheck(p.preflight(request()));
      assertEquals(Status.WARN, c.status(), c.detail());
      assertTrue(c.detail().contains("could not be reached"), c.detail());
    }
  }

  @Test
  void motosOwnServiceQuotasWhichKnowNoEc2QuotaGiveAWarning() {
    try (AwsLabProvider p = provider(null)) {
      PreflightReport report = p.preflight(request());
      Check c = quotaCheck(report);
      assertEquals(Status.WARN, c.status(), c.detail());
      assertTrue(c.detail().startsWith("not read: "), c.detail());
      assertTrue(report.ok(), report.toString());
    }
  }
}
