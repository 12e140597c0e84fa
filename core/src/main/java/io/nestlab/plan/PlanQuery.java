package io.nestlab.plan;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.HostKind;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.Market;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.spec.EsxiCpus;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MarketPreference;
import io.nestlab.spec.PlacementKind;
import io.nestlab.spec.PlacementSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The resolved placement of one planning run. */
final class PlanQuery {
  List<String> providers;
  Set<String> regions;

  /** {@link #regions} in ascending order, made on first use. */
  private List<String> sortedRegions;

  Set<Market> markets;
  PlacementKind kind;
  BigDecimal maxHourly;
  BigDecimal hours;
  boolean allowAmd;
  MarketPreference marketPreference;
  CpuCheck cpus;
  Set<String> types;

  private static List<String> lowerSortedDistinct(List<String> ids) {
    TreeSet<String> set = new TreeSet<>();
    for (String id : ids) {
      set.add(id.toLowerCase(Locale.ROOT));
    }
    return List.copyOf(set);
  }

  static PlanQuery of(LabSpec spec, Catalog catalog, PlanOptions o) {
    PlacementSpec p = spec.placement();
    PlanQuery q = new PlanQuery();
    List<String> providers = !o.providers().isEmpty() ? o.providers() : p.providers();
    q.providers = providers.isEmpty() ? catalog.providerIds() : lowerSortedDistinct(providers);
    List<String> regions = !o.regions().isEmpty() ? o.regions() : p.regions();
    q.regions = new HashSet<>(regions);
    q.marketPreference = o.resolveMarket(p.market());
    q.markets =
        switch (q.marketPreference) {
          case ON_DEMAND -> EnumSet.of(Market.ON_DEMAND);
          case SPOT -> EnumSet.of(Market.SPOT);
          case ANY -> EnumSet.of(Market.ON_DEMAND, Market.SPOT);
        };
    q.kind = p.kind();
    q.maxHourly = p.maxHourlyUsd();
    q.allowAmd = o.allowAmd();
    q.hours = o.hours() != null ? o.hours() : Planner.sessionHours(spec.policy().ttl());
    q.types = Set.copyOf(p.instanceTypes());
    q.cpus = new CpuCheck(EsxiCpus.embedded(), CpuCheck.versionsOf(spec));
    return q;
  }

  PlanQuery copy() {
    PlanQuery c = new PlanQuery();
    c.providers = providers;
    c.regions = regions;
    c.markets = markets;
    c.kind = kind;
    c.maxHourly = maxHourly;
    c.hours = hours;
    c.allowAmd = allowAmd;
    c.marketPreference = marketPreference;
    c.cpus = cpus;
    c.types = types;
    return c;
  }

  boolean regionAllowed(String region) {
    return regions.isEmpty() || regions.contains(region);
  }

  /**
   * The prices of {@code type} in the allowed regions, in region order: looked up region by region
   * when the lab names its regions, rather than every region of the type read and most dropped (a
   * GCE type has prices in ~40 regions; docs/design/0200).
   */
  Collection<RegionPrice> pricesOf(InstanceType type) {
    if (regions.isEmpty()) {
      return type.prices().values();
    }
    if (sortedRegions == null) {
      sortedRegions = List.copyOf(new TreeSet<>(regions));
    }
    List<RegionPrice> out = new ArrayList<>(sortedRegions.size());
    for (String r : sortedRegions) {
      RegionPrice p = type.prices().get(r);
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  /** Whether placement.instanceTypes allows {@code type} (an empty list allows every type). */
  boolean typeAllowed(String type) {
    return types.isEmpty() || types.contains(type);
  }

  boolean kindAllowed(HostKind k) {
    return kind == PlacementKind.ANY || (kind == PlacementKind.METAL) == (k == HostKind.METAL);
  }
}
