package io.nestlab.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Per-region prices that come on top of the instance.
 *
 * @param region the provider's region
 * @param diskType the block-storage type NestLab uses for L1 disks, for example {@code gp3} or
 *     {@code pd-balanced}
 * @param diskUsdPerGibMonth provisioned block storage, US dollars per GiB-month
 * @param publicIpUsdPerHour one public IPv4 address attached to a running instance, per hour
 */
public record RegionRates(
    String region, String diskType, BigDecimal diskUsdPerGibMonth, BigDecimal publicIpUsdPerHour) {
  public RegionRates {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(diskType, "diskType");
    Objects.requireNonNull(diskUsdPerGibMonth, "diskUsdPerGibMonth");
    Objects.requireNonNull(publicIpUsdPerHour, "publicIpUsdPerHour");
  }
}
