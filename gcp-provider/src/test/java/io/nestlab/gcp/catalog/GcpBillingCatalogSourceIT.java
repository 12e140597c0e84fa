package io.nestlab.gcp.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabException;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Live catalog refresh through the real {@code CloudCatalogClient} (HTTP/JSON) against a loopback
 * Cloud Billing Catalog. The SKU rates are us-central1's published N2 and C3 rates, so the composed
 * prices must equal the embedded snapshot's (taken from an independent price table).
 */
class GcpBillingCatalogSourceIT {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T03:00:00Z"), ZoneOffset.UTC);

  private static BillingCatalogTestServer usCentral() throws Exception {
    return new BillingCatalogTestServer(3)
        .sku("N2 Instance Core running in Americas", "OnDemand", "h", "0.031611", "us-central1")
        .sku("N2 Instance Ram running in Americas", "OnDemand", "GiBy.h", "0.004237", "us-central1")
        .sku(
            "Spot Preemptible N2 Instance Core running in Americas",
            "Preemptible",
            "h",
            "0.01499",
            "us-central1")
        .sku(
            "Spot Preemptible N2 Instance Ram running in Americas",
            "Preemptible",
            "GiBy.h",
            "0.00201",
            "us-central1")
        .sku(
            "N2 Custom Instance Core running in Americas",
            "OnDemand",
            "h",
            "0.033191",
            "us-central1")
        .sku(
            "Commitment v1: N2 Cpu in Americas for 1 Year",
            "Commit1Yr",
            "h",
            "0.019915",
            "us-central1")
        .sku("C3 Instance Core running in Americas", "OnDemand", "h", "0.03465", "us-central1")
        .sku("C3 Instance Ram running in Americas", "OnDemand", "GiBy.h", "0.003938", "us-central1")
        .sku("Balanced PD Capacity", "OnDemand", "GiBy.mo", "0.1", "us-central1")
        .sku("Hyperdisk Balanced Capacity", "OnDemand", "GiBy.mo", "0.08", "us-central1")
        .sku(
            "External IP Charge on a Standard VM",
            "OnDemand",
            "h",
            "0.005",
            "us-central1",
            "us-east1");
  }

  private static GcpBillingCatalogSource source(BillingCatalogTestServer server) {
    return GcpBillingCatalogSource.create(URI.create(server.endpoint()), null)
        .withBase(CatalogSource.embedded("gcp"), CLOCK);
  }

  @Test
  void machinePricesAreComposedFromPerVcpuAndPerGibSkusAndMatchTheSnapshot() throws Exception {
    try (BillingCatalogTestServer server = usCentral()) {
      ProviderCatalog live = source(server).load();
      ProviderCatalog embedded = CatalogSource.embedded("gcp").load();

      RegionPrice n2 =
          live.instanceType("n2-standard-16").orElseThrow().price("us-central1").orElseThrow();
      assertEquals(0, new BigDecimal("0.776944").compareTo(n2.onDemandUsdPerHour()), n2.toString());
      assertEquals(0, new BigDecimal("0.36848").compareTo(n2.spotUsdPerHour()), n2.toString());
      RegionPrice snap =
          embedded.instanceType("n2-standard-16").orElseThrow().price("us-central1").orElseThrow();
      assertEquals(0, snap.onDemandUsdPerHour().compareTo(n2.onDemandUsdPerHour()));

      // Bare metal is priced from its series' rates: 192 x 0.03465 + 768 x 0.003938.
      RegionPrice metal =
          live.instanceType("c3-standard-192-metal")
              .orElseThrow()
              .price("us-central1")
              .orElseThrow();
      assertEquals(
          0, new BigDecimal("9.677184").compareTo(metal.onDemandUsdPerHour()), metal.toString());

      assertEquals(
          0,
          new BigDecimal("0.1")
              .compareTo(live.rates("us-central1").orElseThrow().diskUsdPerGibMonth()));
      assertEquals(
          0,
          new BigDecimal("0.005")
              .compareTo(live.rates("us-central1").orElseThrow().publicIpUsdPerHour()));
      // Hyperdisk Balanced (C4, N4, metal) from its own SKU; the Spot VM IP rate kept
      assertEquals(
          0,
          new BigDecimal("0.08")
              .compareTo(live.rates("us-central1").orElseThrow().hyperdiskUsdPerGibMonth()));
      assertEquals(
          0,
          new BigDecimal("0.0025")
              .compareTo(live.rates("us-central1").orElseThrow().spotPublicIpUsdPerHour()));
      assertEquals(LocalDate.of(2026, 11, 24), live.asOf());
      assertTrue(live.source().contains("Cloud Billing Catalog API"), live.source());
      assertTrue(live.note().contains("kept from the embedded snapshot"), live.note());

      // A region without SKUs keeps its snapshot price.
      assertEquals(
          embedded.instanceType("n2-standard-16").orElseThrow().price("europe-west4"),
          live.instanceType("n2-standard-16").orElseThrow().price("europe-west4"));

      // Every page was read, in USD.
      assertEquals(4, server.queries().size(), server.queries().toString());
      assertTrue(server.queries().get(0).contains("currencyCode=USD"), server.queries().get(0));
    }
  }

  @Test
  void customRatesComeFromThePredefinedSkusNotTheCustomOnes() throws Exception {
    try (BillingCatalogTestServer server = usCentral()) {
      ProviderCatalog live = source(server).load();
      var n2 =
          live.customRates().stream()
              .filter(c -> c.series().equals("n2") && c.region().equals("us-central1"))
              .findFirst()
              .orElseThrow();
      assertEquals(0, new BigDecimal("0.031611").compareTo(n2.vcpuUsdPerHour()));
      assertEquals(0, new BigDecimal("0.00201").compareTo(n2.spotMemoryUsdPerGibHour()));
    }
  }

  @Test
  void aCatalogWithoutUsableSkusIsRefusedRatherThanZeroingPrices() throws Exception {
    try (BillingCatalogTestServer server =
        new BillingCatalogTestServer(10)
            .sku("Licensing Fee for Windows", "OnDemand", "h", "0.04", "global")) {
      NestLabException e = assertThrows(NestLabException.class, () -> source(server).load());
      assertTrue(e.getMessage().contains("keep the embedded catalog"), e.getMessage());
    }
  }

  @Test
  void spotIsNotInventedForTypesThatHaveNoSpotMarket() throws Exception {
    try (BillingCatalogTestServer server = usCentral()) {
      ProviderCatalog live = source(server).load();
      live.instanceTypes().stream()
          .filter(t -> !t.spotOffered())
          .forEach(t -> t.prices().values().forEach(p -> assertNull(p.spotUsdPerHour(), t.name())));
    }
  }
}
