package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.nestlab.aws.MotoServer;
import io.nestlab.aws.PriceListJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
  static MotoServer moto;
  static HttpServer priceList;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start(false);
    priceList = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    priceList.createContext(
        "/",
        exchange -> {
          String request =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String body =
              request.contains("volumeApiName")
                  ? PriceListJson.page(null, PriceListJson.product(null, "GB-Mo", "0.088"))
                  : PriceListJson.page(
                      null, PriceListJson.product("r8i-flex.xlarge", "Hrs", "0.2950000000"));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    priceList.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (priceList != null) {
      priceList.stop(0);
    }
    if (moto != null) {
      moto.close();
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
            "endpoint=" + moto.uri(),
            "--provider-opt",
            "pricingEndpoint=http://127.0.0.1:" + priceList.getAddress().getPort());

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
            "endpoint=" + moto.uri(),
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
