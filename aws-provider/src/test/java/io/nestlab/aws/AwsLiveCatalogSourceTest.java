package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.catalog.CpuVendor;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.catalog.RegionRates;
import io.nestlab.cost.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsLiveCatalogSourceTest {
  static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

  static InstanceType snapshotType(String name, boolean metal, List<String> regions) {
    return new InstanceType(
        name,
        name.substring(0, name.indexOf('.')),
        96,
        384,
        CpuVendor.INTEL,
        "x86_64",
        metal,
        !metal,
        0,
        true,
        regions,
        Map.of("us-east-1", new RegionPrice("us-east-1", new BigDecimal("4.608"), null)));
  }

  static AwsCatalogRefresh.InstanceType liveType(String name, boolean spot) {
    return new AwsCatalogRefresh.InstanceType(
        name, 96, 393216, true, false, "Intel", List.of("x86_64"), spot, 0);
  }

  static final ProviderCatalog SNAPSHOT =
      new ProviderCatalog(
          "aws",
          LocalDate.of(2026, 7, 20),
          "snapshot",
          "us-east-1 only",
          List.of(
              snapshotType("c5.metal", true, List.of("us-east-1", "eu-west-1")),
              snapshotType("m5.metal", true, List.of("us-east-1", "eu-west-1"))),
          Map.of(
              "us-east-1",
              new RegionRates("us-east-1", "gp3", new BigDecimal("0.08"), new BigDecimal("0.005"))),
          List.of());

  @Test
  void aTypeTheRegionNoLongerListsLosesThatRegionAndOthersGainLivePrices() {
    var live =
        new AwsCatalogRefresh.Result(
            "eu-west-1",
            Instant.parse("2026-12-02T05:00:00Z"),
            List.of(liveType("m5.metal", true), liveType("m7i.metal-48xl", false)),
            List.of(
                new AwsCatalogRefresh.SpotPrice(
                    "m5.metal", "eu-west-1a", Money.usd(new BigDecimal("1.10")), null),
                new AwsCatalogRefresh.SpotPrice(
                    "m5.metal", "eu-west-1b", Money.usd(new BigDecimal("1.30")), null)),
            Map.of(
                "m5.metal", Money.usd(new BigDecimal("5.376")),
                "m7i.metal-48xl", Money.usd(new BigDecimal("10.5"))),
            null);

    ProviderCatalog merged = AwsLiveCatalogSource.merge(SNAPSHOT, live, TODAY);

    InstanceType c5 = merged.instanceType("c5.metal").orElseThrow();
    assertEquals(List.of("us-east-1"), c5.regions(), "not listed live in eu-west-1 any more");
    RegionPrice m5 = merged.instanceType("m5.metal").orElseThrow().price("eu-west-1").orElseThrow();
    assertEquals(0, new BigDecimal("5.376").compareTo(m5.onDemandUsdPerHour()));
    assertEquals(
        0, new BigDecimal("1.3").compareTo(m5.spotUsdPerHour()), "the highest zone's Spot price");
    InstanceType m7i = merged.instanceType("m7i.metal-48xl").orElseThrow();
    assertEquals(384.0, m7i.memoryGib());
    assertNull(m7i.price("eu-west-1").orElseThrow().spotUsdPerHour(), "not sold as Spot");
    RegionRates rates = merged.rates("eu-west-1").orElseThrow();
    assertEquals(new BigDecimal("0.08"), rates.diskUsdPerGibMonth(), "gp3 unread: snapshot rate");
    assertEquals(TODAY, merged.asOf());
    assertTrue(
        merged
            .note()
            .startsWith(
                "live for eu-west-1 on 2026-12-02: 2 types priced on-demand from the Price List,"
                    + " 1 with a Spot price (the highest zone's), 1 not in the snapshot,"
                    + " 1 no longer listed there; gp3 from the snapshot, public IPv4 at"
                    + " us-east-1's rate. Other regions: us-east-1 only"),
        merged.note());
  }
}
