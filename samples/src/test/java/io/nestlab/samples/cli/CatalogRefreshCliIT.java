package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code catalog refresh --provider aws --region eu-west-1} against a real moto_server and a Price
 * List stand-in: afterwards the eu-west-1 lab has priced options offline, in {@code estimate},
 * {@code plan} and {@code catalog}, each saying the prices come from the cache; an old cache gets a
 * warning. The cache lives under a temporary {@code nestlab.home}.
 */
class CatalogRefreshCliIT {
  static AwsPricingPeers peers;

  @TempDir Path home;

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

  @BeforeEach
  void useATemporaryHome() {
    System.setProperty("nestlab.home", home.toString());
  }

  @AfterEach
  void restoreHome() {
    System.clearProperty("nestlab.home");
  }

  static String lab() {
    return Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", "single-host.yaml")
        .toString();
  }

  @Test
  void afterARefreshTheRegionHasPricedOptionsOfflineAndSaysWhereTheyCameFrom() throws Exception {
    CliRun before = CliRun.of("estimate", lab(), "--provider", "aws", "--region", "eu-west-1");
    assertEquals(ExitCode.INVALID_INPUT, before.code, before.out.toString());
    assertTrue(
        before
            .out
            .toString()
            .contains("'nestlab catalog refresh --provider aws --region eu-west-1'"),
        before.out.toString());

    CliRun refresh =
        CliRun.of(
            "catalog",
            "refresh",
            "--provider",
            "aws",
            "--region",
            "eu-west-1",
            "--provider-opt",
            "endpoint=" + peers.endpoint(),
            "--provider-opt",
            "pricingEndpoint=" + peers.pricingEndpoint());
    assertEquals(ExitCode.OK, refresh.code, refresh.err.toString());
    Path file = home.resolve("catalog/aws/eu-west-1.tsv");
    assertTrue(Files.isRegularFile(file), refresh.out.toString());
    assertTrue(refresh.out.toString().contains("aws eu-west-1:"), refresh.out.toString());

    CliRun estimate =
        CliRun.of("--json", "estimate", lab(), "--provider", "aws", "--region", "eu-west-1");
    assertEquals(ExitCode.OK, estimate.code, estimate.err + "\n" + estimate.out);
    assertTrue(
        estimate.err.toString().contains("aws eu-west-1 prices from the local catalog cache"),
        estimate.err.toString());
    JsonNode root = CliJson.read(estimate.out.toString());
    JsonNode best = root.path("options").get(0);
    assertEquals("eu-west-1", best.path("region").asText(), estimate.out.toString());
    assertEquals("r8i-flex.xlarge", best.path("instanceType").asText());
    assertTrue(
        root.path("catalog").path("aws").path("note").asText().startsWith("Prices of eu-west-1"),
        root.toString());

    CliRun plan = CliRun.of("plan", lab(), "--provider", "aws", "--region", "eu-west-1");
    assertEquals(ExitCode.OK, plan.code, plan.err.toString());
    assertTrue(plan.out.toString().contains("r8i-flex.xlarge"), plan.out.toString());

    CliRun catalog = CliRun.of("catalog", "--provider", "aws");
    assertEquals(ExitCode.OK, catalog.code, catalog.err.toString());
    assertTrue(catalog.out.toString().contains("cached: eu-west-1, read "), catalog.out.toString());
    assertTrue(catalog.out.toString().contains("(0 days old)"), catalog.out.toString());

    // a cache older than the configured age gets a warning naming the refresh command
    String text = Files.readString(file);
    Files.writeString(file, text.replaceFirst("(?m)^asOf\t.*$", "asOf\t2026-01-01"));
    CliRun stale = CliRun.of("catalog", "--provider", "aws");
    assertTrue(
        stale.err.toString().contains("warning: the cached aws eu-west-1 prices are older than 7"),
        stale.err.toString());
    assertTrue(stale.out.toString().contains("STALE: refresh it"), stale.out.toString());
  }

  @Test
  void awsNeedsARegionAndOnlyCloudsWithALiveCatalogCanBeRefreshed() {
    CliRun noRegion = CliRun.of("catalog", "refresh", "--provider", "aws");
    assertEquals(ExitCode.INVALID_INPUT, noRegion.code);
    assertTrue(noRegion.err.toString().contains("--region: name at least one AWS region"));
    CliRun fake = CliRun.of("catalog", "refresh", "--provider", "fake");
    assertEquals(ExitCode.INVALID_INPUT, fake.code);
    assertTrue(fake.err.toString().contains("has no live catalog; use aws or gcp"));
  }

  /** Jackson, for reading the CLI's JSON. */
  static final class CliJson {
    static JsonNode read(String s) throws java.io.IOException {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
    }
  }
}
