package io.nestlab.gcp.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The test server itself, over raw HTTP: what a client of Compute Engine v1 would see. */
class ComputeTestServerTest {
  private static final String RID = "0f8fad5b-d9cb-469f-a165-70867728950e";
  private final ComputeTestServer server = ComputeTestServer.start();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.endpoint() + "/compute/v1/projects/p1/" + path));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    return json.readTree(r.body());
  }

  @Test
  void operationsGoPendingRunningDoneAndOnlyThenTheResourceExists() throws Exception {
    JsonNode op =
        ok(
            send(
                "POST",
                "global/networks?requestId=" + RID,
                "{\"name\":\"n1\",\"autoCreateSubnetworks\":false}"));
    assertEquals("PENDING", op.path("status").asText());
    assertEquals(404, send("GET", "global/networks/n1", null).statusCode());
    String poll = "global/operations/" + op.path("name").asText();
    assertEquals("RUNNING", ok(send("GET", poll, null)).path("status").asText());
    assertEquals("DONE", ok(send("GET", poll, null)).path("status").asText());
    assertEquals("n1", ok(send("GET", "global/networks/n1", null)).path("name").asText());
  }

  @Test
  void aRepeatedRequestIdReturnsTheFirstOperationAndActsOnce() throws Exception {
    String body = "{\"name\":\"n1\",\"autoCreateSubnetworks\":false}";
    JsonNode first = ok(send("POST", "global/networks?requestId=" + RID, body));
    ok(send("GET", "global/operations/" + first.path("name").asText(), null));
    ok(send("GET", "global/operations/" + first.path("name").asText(), null));
    JsonNode again = ok(send("POST", "global/networks?requestId=" + RID, body));
    assertEquals(first.path("name").asText(), again.path("name").asText());
    assertEquals(1, server.networks().size());
    HttpResponse<String> fresh = send("POST", "global/networks", body);
    assertEquals(409, fresh.statusCode(), "a new request for the same name conflicts");
  }

  @Test
  void anInstanceBodyBreakingTheSchemaIsRefusedAndRecorded() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "zones/us-central1-a/instances",
            "{\"name\":\"x\",\"nestedVirtualization\":true}");
    assertEquals(400, r.statusCode());
    assertEquals(1, server.violations().size());
    assertTrue(
        server.violations().get(0).contains("$.nestedVirtualization"),
        server.violations().toString());
  }

  @Test
  void networkBodiesAreHandChecked() throws Exception {
    assertEquals(
        400,
        send(
                "POST",
                "global/networks",
                "{\"name\":\"n1\",\"labels\":{\"a\":\"b\"},\"autoCreateSubnetworks\":false}")
            .statusCode());
    assertEquals(
        400,
        send("POST", "global/networks", "{\"name\":\"N1\",\"autoCreateSubnetworks\":false}")
            .statusCode());
    assertEquals(400, send("POST", "global/networks", "{\"name\":\"n1\"}").statusCode());
    assertEquals(3, server.violations().size(), server.violations().toString());
  }

  @Test
  void aNetworkInUseCannotBeDeleted() throws Exception {
    JsonNode op =
        ok(send("POST", "global/networks", "{\"name\":\"n1\",\"autoCreateSubnetworks\":false}"));
    ok(send("GET", "global/operations/" + op.path("name").asText(), null));
    ok(send("GET", "global/operations/" + op.path("name").asText(), null));
    JsonNode fw =
        ok(
            send(
                "POST",
                "global/firewalls",
                "{\"name\":\"f1\",\"network\":\"global/networks/n1\",\"sourceRanges\":[\"192.0.2.1/32\"],\"allowed\":[{\"IPProtocol\":\"tcp\",\"ports\":[\"22\"]}]}"));
    ok(send("GET", "global/operations/" + fw.path("name").asText(), null));
    ok(send("GET", "global/operations/" + fw.path("name").asText(), null));
    HttpResponse<String> r = send("DELETE", "global/networks/n1", null);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("resourceInUseByAnotherResource"), r.body());
    assertEquals(List.of(), server.violations());
  }

  @Test
  void injectedThrottlingAnswers429ThenRecovers() throws Exception {
    server.throttleNext(2);
    assertEquals(429, send("GET", "regions/us-central1", null).statusCode());
    assertEquals(429, send("GET", "regions/us-central1", null).statusCode());
    assertEquals(200, send("GET", "regions/us-central1", null).statusCode());
  }
}
