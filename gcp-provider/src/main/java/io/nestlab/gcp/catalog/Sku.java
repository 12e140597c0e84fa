package io.nestlab.gcp.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One Compute Engine SKU of the Cloud Billing Catalog, reduced to what pricing needs.
 *
 * @param description the SKU's description, for example {@code N2 Instance Core running in
 *     Americas}
 * @param usageType {@code OnDemand}, {@code Preemptible} (spot), {@code Commit1Yr}, ...
 * @param regions the service regions the SKU applies to
 * @param usageUnit {@code h}, {@code GiBy.h}, {@code GiBy.mo}, ...
 * @param usdPerUnit the price of one usage unit (the first tier), in US dollars
 */
public record Sku(
    String description,
    String usageType,
    List<String> regions,
    String usageUnit,
    BigDecimal usdPerUnit) {
  public Sku {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(usageType, "usageType");
    Objects.requireNonNull(usageUnit, "usageUnit");
    Objects.requireNonNull(usdPerUnit, "usdPerUnit");
    regions = List.copyOf(regions);
  }
}
