package io.nestlab.gcp.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.catalog.RegionPrice;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Price composition from SKUs, by hand. */
class SkuPricesTest {
  private static Sku sku(String d, String usage, String unit, String usd, String... regions) {
    return new Sku(d, usage, List.of(regions), unit, new BigDecimal(usd));
  }

  @Test
  void aMachineCostsItsVcpusAndGibAtTheSeriesRates() {
    SkuPrices p =
        SkuPrices.of(
            List.of(
                sku(
                    "C4 Instance Core running in Netherlands",
                    "OnDemand",
                    "h",
                    "0.03",
                    "europe-west4"),
                sku(
                    "C4 Instance Ram running in Netherlands",
                    "OnDemand",
                    "GiBy.h",
                    "0.004",
                    "europe-west4"),
                sku(
                    "Spot Preemptible C4 Instance Core running in Netherlands",
                    "Preemptible",
                    "h",
                    "0.01",
                    "europe-west4"),
                sku(
                    "Spot Preemptible C4 Instance Ram running in Netherlands",
                    "Preemptible",
                    "GiBy.h",
                    "0.001",
                    "europe-west4"),
                sku(
                    "C4 Instance Core running in Netherlands",
                    "Commit1Yr",
                    "h",
                    "0.02",
                    "europe-west4"),
                sku(
                    "C4 Custom Instance Core running in Netherlands",
                    "OnDemand",
                    "h",
                    "0.9",
                    "europe-west4")));
    RegionPrice c4 = p.machinePrice("c4", "europe-west4", 8, 30).orElseThrow();
    assertEquals(
        0,
        new BigDecimal("0.36").compareTo(c4.onDemandUsdPerHour()),
        c4.toString()); // 8x0.03 + 30x0.004
    assertEquals(
        0,
        new BigDecimal("0.11").compareTo(c4.spotUsdPerHour()),
        c4.toString()); // 8x0.01 + 30x0.001
    assertEquals(4, p.skusUsed());
    assertTrue(p.machinePrice("c4", "us-central1", 8, 30).isEmpty());
    assertTrue(p.machinePrice("n2", "europe-west4", 8, 30).isEmpty());
  }

  @Test
  void aSeriesWithoutARamSkuHasNoPriceRatherThanAHalfPrice() {
    SkuPrices p =
        SkuPrices.of(
            List.of(
                sku("N4 Instance Core running in Iowa", "OnDemand", "h", "0.03", "us-central1")));
    assertTrue(p.machinePrice("n4", "us-central1", 8, 32).isEmpty());
  }
}
