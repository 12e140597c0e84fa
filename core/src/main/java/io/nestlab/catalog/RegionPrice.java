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
 * @param derivation how the on-demand price was derived when the source's own record for this type
 *     was not used (for example "same as m5zn.12xlarge: the source's record is the Dedicated
 *     price"), or null when it is the source's record
 */
public record RegionPrice(
    String region, BigDecimal onDemandUsdPerHour, BigDecimal spotUsdPerHour, String derivation) {
  public RegionPrice {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(onDemandUsdPerHour, "onDemandUsdPerHour");
    if (onDemandUsdPerHour.signum() < 0
        || (spotUsdPerHour != null && spotUsdPerHour.signum() < 0)) {
      throw new IllegalArgumentException("negative price for " + region);
    }
    if (derivation != null && derivation.isBlank()) {
      derivation = null;
    }
  }

  /** A price exactly as the source gives it. */
  public RegionPrice(String region, BigDecimal onDemandUsdPerHour, BigDecimal spotUsdPerHour) {
    this(region, onDemandUsdPerHour, spotUsdPerHour, null);
  }

  /** The price in {@code market}, when the catalog has one. */
  public Optional<BigDecimal> usdPerHour(Market market) {
    return Optional.ofNullable(market == Market.SPOT ? spotUsdPerHour : onDemandUsdPerHour);
  }

  /** Whether the on-demand price is derived rather than the source's own record. */
  public boolean derived() {
    return derivation != null;
  }
}
