package io.nestlab.catalog;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What one instance type costs per hour in one region.
 *
 * @param region the provider's region, for example {@code us-east-1}
 * @param onDemandUsdPerHour on-demand price, US dollars per hour
 * @param spotUsdPerHour spot price in US dollars per hour, or null when the catalog has none
 */
public record RegionPrice(String region, BigDecimal onDemandUsdPerHour, BigDecimal spotUsdPerHour) {
  public RegionPrice {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(onDemandUsdPerHour, "onDemandUsdPerHour");
    if (onDemandUsdPerHour.signum() < 0
        || (spotUsdPerHour != null && spotUsdPerHour.signum() < 0)) {
      throw new IllegalArgumentException("negative price for " + region);
    }
  }

  /** The price in {@code market}, when the catalog has one. */
  public Optional<BigDecimal> usdPerHour(Market market) {
    return Optional.ofNullable(market == Market.SPOT ? spotUsdPerHour : onDemandUsdPerHour);
  }
}
