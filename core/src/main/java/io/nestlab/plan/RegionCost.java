package io.nestlab.plan;

import io.nestlab.catalog.Market;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionRates;
import io.nestlab.cost.Money;
import java.math.BigDecimal;
import java.util.Map;

/** Per-region disk and IP lines, the same for every type of one disk type and market. */
record RegionCost(
    Money extras, Money extrasWithoutData, CostLine bootLine, CostLine dataLine, CostLine ipLine) {
  /** Where the cost of a disk kind and market sits in a region's array. */
  static int index(boolean hyperdisk, Market m) {
    return (hyperdisk ? 2 : 0) + m.ordinal();
  }

  /**
   * A region's disk and IP costs by {@link RegionCost#index}: Persistent Disk or Hyperdisk, on
   * demand or spot. Null when the region has no rates.
   */
  static RegionCost[] forRegion(
      ProviderCatalog section, String region, Requirements req, Map<String, RegionCost[]> cache) {
    if (cache.containsKey(region)) {
      return cache.get(region);
    }
    RegionRates r = section.regionRates().get(region);
    RegionCost[] rcs = null;
    if (r != null) {
      rcs = new RegionCost[4];
      for (boolean hyperdisk : new boolean[] {false, true}) {
        BigDecimal rate = r.diskUsdPerGibMonth();
        String type = r.diskType();
        if (hyperdisk) {
          type = RegionRates.HYPERDISK_BALANCED;
          if (r.hyperdiskUsdPerGibMonth() != null) {
            rate = r.hyperdiskUsdPerGibMonth();
          } else {
            type += " (at the " + r.diskType() + " rate: no Hyperdisk rate for " + region + ")";
          }
        }
        // GiB x monthly rate / 730, divided last so that only one rounding (to Money.SCALE) happens
        Money monthly = Money.usd(rate);
        Money boot = monthly.times(req.bootDiskGib()).dividedBy(Planner.HOURS_PER_MONTH);
        Money data = monthly.times(req.dataDiskGib()).dividedBy(Planner.HOURS_PER_MONTH);
        CostLine bootLine = new CostLine("boot disk " + req.bootDiskGib() + " GiB " + type, boot);
        CostLine dataLine = new CostLine("data disk " + req.dataDiskGib() + " GiB " + type, data);
        for (Market m : Market.values()) {
          Money ip = Money.usd(r.publicIpUsdPerHour(m));
          rcs[RegionCost.index(hyperdisk, m)] =
              new RegionCost(
                  boot.plus(ip).plus(data),
                  boot.plus(ip),
                  bootLine,
                  dataLine,
                  new CostLine(
                      m == Market.SPOT && r.spotPublicIpUsdPerHour() != null
                          ? "public IPv4 address (spot VM rate)"
                          : "public IPv4 address",
                      ip));
        }
      }
    }
    cache.put(region, rcs);
    return rcs;
  }
}
