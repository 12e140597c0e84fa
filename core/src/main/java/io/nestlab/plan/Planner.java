package io.nestlab.plan;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CustomRates;
import io.nestlab.catalog.CustomShapeRules;
import io.nestlab.catalog.Eligibility;
import io.nestlab.catalog.HostKind;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.Market;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.catalog.RegionRates;
import io.nestlab.cost.Money;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MarketPreference;
import io.nestlab.spec.PlacementKind;
import io.nestlab.spec.PlacementSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The planner: a pure, deterministic function of a lab spec, a catalog and options. It does no I/O
 * and keeps no state; equal inputs give equal plans. See docs/cost-model.md for the model.
 */
public final class Planner {
  /** Hours in the month the monthly figure is priced for. */
  public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

  /** The session length priced when neither the options nor the spec's TTL give one. */
  public static final BigDecimal DEFAULT_SESSION_HOURS = BigDecimal.valueOf(8);

  /**
   * Orders options: cheapest first; at equal price a proven option (metal) before an experimental
   * one; then by provider, region, type and market for stability.
   */
  public static final Comparator<PlanOption> RANKING =
      Comparator.comparing(PlanOption::hourly)
          .thenComparing(PlanOption::support)
          .thenComparing(PlanOption::provider)
          .thenComparing(PlanOption::region)
          .thenComparing(PlanOption::instanceType)
          .thenComparing(PlanOption::market);

  private static final double EPS = 1e-9;

  private Planner() {}

  /** Plans {@code spec} over {@code catalog} with the spec's own placement. */
  public static Plan plan(LabSpec spec, Catalog catalog) {
    return plan(spec, catalog, PlanOptions.defaults());
  }

  /** Plans {@code spec} over {@code catalog}; {@code options} override the spec's placement. */
  public static Plan plan(LabSpec spec, Catalog catalog, PlanOptions options) {
    Requirements req = ResourceModel.requirements(spec);
    Query q = Query.of(spec, catalog, options);
    List<PlanOption> all = new ArrayList<>();
    List<Infeasible> infeasible = new ArrayList<>();
    List<CatalogInfo> infos = new ArrayList<>();
    for (String provider : q.providers) {
      ProviderCatalog section = catalog.provider(provider).orElse(null);
      if (section == null) {
        infeasible.add(
            new Infeasible(
                provider,
                "no catalog for provider '"
                    + provider
                    + "'; the catalog covers "
                    + String.join(", ", catalog.providerIds())));
        continue;
      }
      infos.add(new CatalogInfo(provider, section.asOf(), section.source(), section.note()));
      List<PlanOption> found = new ArrayList<>();
      options(section, req, q, found);
      if (found.isEmpty()) {
        infeasible.add(new Infeasible(provider, reason(section, spec, req, q)));
      }
      all.addAll(found);
    }
    all.sort(RANKING);
    if (options.top() > 0 && all.size() > options.top()) {
      all = new ArrayList<>(all.subList(0, options.top()));
    }
    return new Plan(spec.name(), q.hours, infos, req, all, infeasible);
  }

  private static String reason(ProviderCatalog section, LabSpec spec, Requirements req, Query q) {
    if (q.maxHourly != null) {
      Query uncapped = q.copy();
      uncapped.maxHourly = null;
      List<PlanOption> found = new ArrayList<>();
      options(section, req, uncapped, found);
      if (!found.isEmpty()) {
        PlanOption cheapest = found.stream().min(RANKING).orElseThrow();
        return "the cheapest fitting "
            + section.provider()
            + " option ("
            + cheapest.instanceType()
            + " in "
            + cheapest.region()
            + ", "
            + marketLabel(cheapest.market())
            + ") costs "
            + cheapest.hourly()
            + "/h, above placement.maxHourlyUsd $"
            + q.maxHourly.toPlainString();
      }
    }
    return Explainer.explain(section, spec, req, q);
  }

  /** Every feasible option of one provider. */
  static void options(ProviderCatalog section, Requirements req, Query q, List<PlanOption> out) {
    String provider = section.provider();
    Map<String, RegionCost[]> regionCosts = new HashMap<>();
    // cheapest fitting predefined price per series/region/market, to decide on custom shapes;
    // kept only for series that have custom rates
    Set<String> customSeries = new HashSet<>();
    for (CustomRates cr : section.customRates()) {
      customSeries.add(cr.series());
    }
    Map<String, BigDecimal> cheapestBySeries = new HashMap<>();
    for (InstanceType t : section.instanceTypes()) {
      Eligibility.Verdict v = Eligibility.evaluate(provider, t, q.allowAmd);
      if (v == null || !q.kindAllowed(v.kind())) {
        continue;
      }
      Fit fit = Fit.of(t.vcpus(), t.memoryGib(), t.metal() ? t.localStorageGib() : 0, req);
      if (fit == null) {
        continue;
      }
      boolean hyperdisk = Eligibility.hyperdiskOnly(provider, t);
      boolean custom = customSeries.contains(t.series());
      // one label per type and market, shared by every region
      String[] labels = new String[Market.values().length];
      for (Market m : q.markets) {
        labels[m.ordinal()] = "instance " + t.name() + " (" + marketLabel(m) + ")";
      }
      for (RegionPrice rp : t.prices().values()) {
        if (!q.regionAllowed(rp.region())) {
          continue;
        }
        RegionCost[] rcs = regionCosts(section, rp.region(), req, regionCosts);
        if (rcs == null) {
          continue;
        }
        for (Market m : q.markets) {
          BigDecimal price = m == Market.SPOT ? rp.spotUsdPerHour() : rp.onDemandUsdPerHour();
          if (price == null || !v.markets().contains(m)) {
            continue;
          }
          RegionCost rc = rcs[RegionCost.index(hyperdisk, m)];
          if (custom) {
            cheapestBySeries.merge(
                t.series() + "/" + rp.region() + "/" + m, price, BigDecimal::min);
          }
          PlanOption o =
              option(
                  provider,
                  rp.region(),
                  t.name(),
                  m,
                  v,
                  t.vcpus(),
                  t.memoryGib(),
                  fit,
                  rc,
                  Money.usd(price),
                  m == Market.ON_DEMAND && rp.derived()
                      ? "instance "
                          + t.name()
                          + " (on-demand; price derived: "
                          + rp.derivation()
                          + ")"
                      : labels[m.ordinal()],
                  req,
                  q);
          if (o != null) {
            out.add(o);
          }
        }
      }
    }
    for (CustomRates cr : section.customRates()) {
      if (!q.regionAllowed(cr.region())) {
        continue;
      }
      InstanceType template = seriesTemplate(section, cr.series());
      CustomShapeRules rules = customRules(provider, cr.series());
      Eligibility.Verdict v =
          template == null ? null : Eligibility.evaluate(provider, template, q.allowAmd);
      if (v == null || rules == null || !q.kindAllowed(v.kind())) {
        continue;
      }
      int[] shape = customShape(req, rules);
      if (shape == null) {
        continue;
      }
      RegionCost[] rcs = regionCosts(section, cr.region(), req, regionCosts);
      if (rcs == null) {
        continue;
      }
      boolean hyperdisk = Eligibility.hyperdiskOnly(provider, template);
      int vcpus = shape[0];
      double memGib = shape[1] / 1024.0;
      Fit fit = Fit.of(vcpus, memGib, 0, req);
      for (Market m : q.markets) {
        if (!v.markets().contains(m)) {
          continue;
        }
        BigDecimal price = customPrice(cr, m, vcpus, memGib);
        if (price == null) {
          continue;
        }
        BigDecimal predefined = cheapestBySeries.get(cr.series() + "/" + cr.region() + "/" + m);
        if (predefined != null && price.compareTo(predefined) >= 0) {
          continue;
        }
        RegionCost rc = rcs[RegionCost.index(hyperdisk, m)];
        String name = rules.name(vcpus, shape[1]);
        PlanOption o =
            option(
                provider,
                cr.region(),
                name,
                m,
                v,
                vcpus,
                memGib,
                fit,
                rc,
                Money.usd(price),
                "instance "
                    + name
                    + " ("
                    + marketLabel(m)
                    + ", "
                    + vcpus
                    + " vCPU + "
                    + fmt(memGib)
                    + " GiB at custom rates)",
                req,
                q);
        if (o != null) {
          out.add(o);
        }
      }
    }
  }

  private static PlanOption option(
      String provider,
      String region,
      String type,
      Market m,
      Eligibility.Verdict v,
      int vcpus,
      double memGib,
      Fit fit,
      RegionCost rc,
      Money instance,
      String instanceItem,
      Requirements req,
      Query q) {
    List<CostLine> lines = new ArrayList<>(4);
    lines.add(new CostLine(instanceItem, instance));
    lines.add(rc.bootLine);
    Money hourly = instance.plus(fit.local ? rc.extrasWithoutData : rc.extras);
    if (!fit.local) {
      lines.add(rc.dataLine);
    }
    lines.add(rc.ipLine);
    if (q.maxHourly != null && hourly.usd().compareTo(q.maxHourly) > 0) {
      return null;
    }
    return new PlanOption(
        provider,
        region,
        type,
        m,
        v.kind(),
        v.nestingDepth(),
        v.support(),
        vcpus,
        memGib,
        req.bootDiskGib(),
        fit.local ? 0 : req.dataDiskGib(),
        hourly,
        hourly.times(q.hours),
        hourly.times(HOURS_PER_MONTH),
        lines,
        fit.headroom);
  }

  /** What fits where: null when the shape cannot carry the lab. */
  record Fit(boolean local, Headroom headroom) {
    static Fit of(int vcpus, double memGib, int localGib, Requirements req) {
      double usable = ResourceModel.usableMemoryGib(memGib);
      if (vcpus < req.largestVmVcpus()
          || vcpus + EPS < req.l1Vcpus()
          || usable + EPS < req.l1MemoryGib()) {
        return null;
      }
      boolean local = localGib >= req.dataDiskGib();
      if (!local && req.dataDiskGib() > ResourceModel.MAX_DATA_DISK_GIB) {
        return null;
      }
      double disk = (local ? localGib : req.dataDiskGib()) - req.diskEstimateGib();
      return new Fit(
          local,
          new Headroom(
              round2(vcpus - req.l1Vcpus()), round2(usable - req.l1MemoryGib()), round2(disk)));
    }
  }

  /** Per-region disk and IP lines, the same for every type of one disk type and market. */
  record RegionCost(
      Money extras,
      Money extrasWithoutData,
      CostLine bootLine,
      CostLine dataLine,
      CostLine ipLine) {
    /** Where the cost of a disk kind and market sits in a region's array. */
    static int index(boolean hyperdisk, Market m) {
      return (hyperdisk ? 2 : 0) + m.ordinal();
    }
  }

  /**
   * A region's disk and IP costs by {@link RegionCost#index}: Persistent Disk or Hyperdisk, on
   * demand or spot. Null when the region has no rates.
   */
  private static RegionCost[] regionCosts(
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
        Money boot = monthly.times(req.bootDiskGib()).dividedBy(HOURS_PER_MONTH);
        Money data = monthly.times(req.dataDiskGib()).dividedBy(HOURS_PER_MONTH);
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
        (int) Math.ceil(ResourceModel.nominalMemoryGib(req.l1MemoryGib()) * quartersPerGib - EPS);
    int v =
        rules.allowedVcpus(
            Math.max(
                Math.max(1, req.largestVmVcpus()),
                Math.max(
                    (int) Math.ceil(req.l1Vcpus() - EPS),
                    (int)
                        Math.ceil(memQuarters / (rules.maxGibPerVcpu() * quartersPerGib) - EPS))));
    if (v < 0) {
      return null;
    }
    memQuarters =
        Math.max(memQuarters, (int) Math.ceil(rules.minGibPerVcpu() * quartersPerGib * v - EPS));
    return new int[] {v, memQuarters * CustomShapeRules.MEMORY_STEP_MIB};
  }

  /**
   * The custom shape rules of a series, when the provider is GCE and the series has custom types.
   */
  static CustomShapeRules customRules(String provider, String series) {
    return "gcp".equals(provider) ? CustomShapeRules.gce(series).orElse(null) : null;
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

  static String marketLabel(Market m) {
    return m == Market.SPOT ? "spot" : "on-demand";
  }

  static double round2(double d) {
    return Math.round(d * 100) / 100.0;
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** The resolved placement of one planning run. */
  static final class Query {
    List<String> providers;
    Set<String> regions;
    Set<Market> markets;
    PlacementKind kind;
    BigDecimal maxHourly;
    BigDecimal hours;
    boolean allowAmd;
    MarketPreference marketPreference;

    static Query of(LabSpec spec, Catalog catalog, PlanOptions o) {
      PlacementSpec p = spec.placement();
      Query q = new Query();
      List<String> providers = !o.providers().isEmpty() ? o.providers() : p.providers();
      q.providers =
          providers.isEmpty()
              ? catalog.providerIds()
              : providers.stream()
                  .map(s -> s.toLowerCase(Locale.ROOT))
                  .distinct()
                  .sorted()
                  .toList();
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
      q.hours = o.hours() != null ? o.hours() : sessionHours(spec.policy().ttl());
      return q;
    }

    Query copy() {
      Query c = new Query();
      c.providers = providers;
      c.regions = regions;
      c.markets = markets;
      c.kind = kind;
      c.maxHourly = maxHourly;
      c.hours = hours;
      c.allowAmd = allowAmd;
      c.marketPreference = marketPreference;
      return c;
    }

    boolean regionAllowed(String region) {
      return regions.isEmpty() || regions.contains(region);
    }

    boolean kindAllowed(HostKind k) {
      return kind == PlacementKind.ANY || (kind == PlacementKind.METAL) == (k == HostKind.METAL);
    }
  }

  static BigDecimal sessionHours(Duration ttl) {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      return DEFAULT_SESSION_HOURS;
    }
    return BigDecimal.valueOf(ttl.toSeconds())
        .divide(BigDecimal.valueOf(3600), 4, RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }

  /** The host with the most vCPUs, for messages. */
  static String largestHostName(LabSpec spec) {
    return spec.hosts().stream()
        .max(Comparator.comparingInt(EsxiHost::cpus))
        .map(EsxiHost::name)
        .orElse("a KVM guest");
  }
}
