package io.nestlab.plan;

import io.nestlab.Clouds;
import io.nestlab.catalog.CustomRates;
import io.nestlab.catalog.CustomShapeRules;
import io.nestlab.catalog.Eligibility;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.Market;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.cost.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Custom machine shapes (Compute Engine's N1, N2, N4): the smallest one carrying a lab, its price
 * and its rules.
 */
final class CustomShapes {
  private CustomShapes() {}

  /**
   * The smallest custom shape of a series carrying the lab: {vCPUs, memory MiB}; vCPUs as {@code
   * rules} allow, memory in 256 MiB steps within the series' GiB per vCPU, enough that the usable
   * part (see {@link ResourceModel#usableMemoryGib}) holds what the lab needs. Null when none fits.
   */
  static int[] customShape(Requirements req, CustomShapeRules rules) {
    if (req.dataDiskGib() > ResourceModel.MAX_DATA_DISK_GIB) {
      return null;
    }
    int quartersPerGib = 1024 / CustomShapeRules.MEMORY_STEP_MIB;
    int memQuarters =
        (int)
            Math.ceil(
                ResourceModel.nominalMemoryGib(req.l1MemoryGib()) * quartersPerGib - Planner.EPS);
    int v =
        rules.allowedVcpus(
            Math.max(
                Math.max(1, req.largestVmVcpus()),
                Math.max(
                    (int) Math.ceil(req.l1Vcpus() - Planner.EPS),
                    (int)
                        Math.ceil(
                            memQuarters / (rules.maxGibPerVcpu() * quartersPerGib)
                                - Planner.EPS))));
    if (v < 0) {
      return null;
    }
    memQuarters =
        Math.max(
            memQuarters, (int) Math.ceil(rules.minGibPerVcpu() * quartersPerGib * v - Planner.EPS));
    return new int[] {v, memQuarters * CustomShapeRules.MEMORY_STEP_MIB};
  }

  /**
   * The custom shape rules of a series, when its cloud sells the series in custom shapes ({@link
   * io.nestlab.CloudTraits#customShapes()}) and NestLab knows their rules; null otherwise.
   */
  static CustomShapeRules customRules(String provider, String series) {
    return Clouds.builtIn()
        .find(provider)
        .filter(c -> c.customShapes().contains(series))
        .flatMap(c -> CustomShapeRules.of(series))
        .orElse(null);
  }

  /** The hourly price of a custom shape, or null when the market has no rates. */
  static BigDecimal customPrice(CustomRates cr, Market m, int vcpus, double memGib) {
    BigDecimal cpu = m == Market.SPOT ? cr.spotVcpuUsdPerHour() : cr.vcpuUsdPerHour();
    BigDecimal mem = m == Market.SPOT ? cr.spotMemoryUsdPerGibHour() : cr.memoryUsdPerGibHour();
    if (cpu == null || mem == null) {
      return null;
    }
    return cpu.multiply(BigDecimal.valueOf(vcpus))
        .add(mem.multiply(BigDecimal.valueOf(memGib)))
        .multiply(Eligibility.CUSTOM_PREMIUM)
        .setScale(Money.SCALE, RoundingMode.HALF_EVEN);
  }

  /**
   * A predefined VM type of the series: custom shapes of a series are as eligible as its predefined
   * VM types and take the same disks.
   */
  static InstanceType seriesTemplate(ProviderCatalog section, String series) {
    for (InstanceType t : section.instanceTypes()) {
      if (t.series().equals(series) && !t.metal()) {
        return t;
      }
    }
    return null;
  }
}
