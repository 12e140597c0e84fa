package io.nestlab.spec;

import java.math.BigDecimal;
import java.util.List;

/**
 * Where the lab may run. Empty lists mean "any".
 *
 * @param providers provider ids, for example {@code aws}, {@code gcp}; empty means any
 * @param regions region names of any of those providers; empty means any
 * @param kind bare metal, nested-virtualization VMs, or either
 * @param market on-demand, spot, or either
 * @param maxHourlyUsd the most the user will pay per hour, US dollars; null for no cap
 * @param instanceTypes the instance or machine types the lab may run on, for example {@code
 *     c6i.metal}; empty means any
 */
public record PlacementSpec(
    List<String> providers,
    List<String> regions,
    PlacementKind kind,
    MarketPreference market,
    BigDecimal maxHourlyUsd,
    List<String> instanceTypes) {

  public PlacementSpec {
    instanceTypes = instanceTypes == null ? List.of() : List.copyOf(instanceTypes);
    providers = providers == null ? List.of() : List.copyOf(providers);
    regions = regions == null ? List.of() : List.copyOf(regions);
    kind = kind == null ? PlacementKind.ANY : kind;
    market = market == null ? MarketPreference.ON_DEMAND : market;
    maxHourlyUsd = PolicySpec.plain(maxHourlyUsd);
  }

  /** A placement on any instance type. */
  public PlacementSpec(
      List<String> providers,
      List<String> regions,
      PlacementKind kind,
      MarketPreference market,
      BigDecimal maxHourlyUsd) {
    this(providers, regions, kind, market, maxHourlyUsd, List.of());
  }

  /** This placement on {@code instanceTypes} only. */
  public PlacementSpec withInstanceTypes(List<String> instanceTypes) {
    return new PlacementSpec(providers, regions, kind, market, maxHourlyUsd, instanceTypes);
  }

  public static PlacementSpec anywhere() {
    return new PlacementSpec(
        List.of(), List.of(), PlacementKind.ANY, MarketPreference.ON_DEMAND, null);
  }
}
