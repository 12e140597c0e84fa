package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code plan --provider aws --live} prices a region the embedded snapshot cannot (eu-west-1):
 * instance types and Spot prices from a real moto_server, on-demand and gp3 prices from a small
 * Price List stand-in speaking AWS's JSON 1.1 shapes. When the live read fails, the user is told
 * and the snapshot is used.
 */
class LiveCatalogCliIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static AwsPricingPeers peers;

  @BeforeAll
  static void start() throws Exception {
    peers = AwsPricingPeers.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (peers != null) {
      peers.close();
    }
  }

  static String lab() {
    return Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", "single-host.yaml")
        .toString();
  }

  @Test
  void planLivePricesARegionTheSnapshotCannot() throws Exception {
    CliRun r =
        CliRun.of(
            "--json",
            "plan",
            lab(),
            "--provider",
            "aws",
            "--region",
            "eu-west-1",
            "--live",
            "--provider-opt",
            "endpoint=" + peers.endpoint(),
            "--provider-opt",
            "pricingEndpoint=" + peers.pricingEndpoint());

    assertEquals(0, r.code, r.err.toString());
    assertTrue(r.err.toString().contains("aws catalog read live"), r.err.toString());
    JsonNode option = JSON.readTree(r.out.toString()).path("options").get(0);
    assertEquals("eu-west-1", option.path("region").asText(), r.out.toString());
    assertEquals("r8i-flex.xlarge", option.path("instanceType").asText(), r.out.toString());
  }

  @Test
  void whenTheLiveReadFailsTheUserIsToldAndTheSnapshotIsUsed() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    CliRun r =
        CliRun.of(
            "plan",
            lab(),
            "--provider",
            "aws",
            "--region",
            "us-east-1",
            "--live",
            "--provider-opt",
            "endpoint=" + peers.endpoint(),
            "--provider-opt",
            "pricingEndpoint=http://127.0.0.1:" + closed,
            "--provider-opt",
            "apiTimeout=5s",
            "--provider-opt",
            "maxAttempts=1");

    assertTrue(
        r.err.toString().contains("warning: the live aws catalog could not be read"),
        r.err.toString());
    assertTrue(r.err.toString().contains("using the embedded snapshot"), r.err.toString());
    assertEquals(0, r.code, "us-east-1 is in the snapshot: " + r.err);
    assertTrue(r.out.toString().contains("us-east-1"), r.out.toString());
  }
}
