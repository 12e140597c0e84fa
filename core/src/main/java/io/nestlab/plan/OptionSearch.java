package io.nestlab.plan;

import io.nestlab.catalog.CustomRates;
import io.nestlab.catalog.CustomShapeRules;
import io.nestlab.catalog.Eligibility;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.Market;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.cost.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The search of one provider's catalog for the options that carry a lab: every predefined type in
 * every allowed region and market, then the custom shapes cheaper than those. Pure, as the planner.
 */
final class OptionSearch {
  private OptionSearch() {}

  /** Every feasible option of one provider. */
  static void options(
      ProviderCatalog section, Requirements req, PlanQuery q, List<PlanOption> out) {
    Map<String, RegionCost[]> regionCosts = new HashMap<>();
    Map<String, BigDecimal> cheapestBySeries = new HashMap<>();
    predefined(section, req, q, regionCosts, cheapestBySeries, out);
    custom(section, req, q, regionCosts, cheapestBySeries, out);
  }

  /**
   * The predefined types' options; records in {@code cheapestBySeries} the cheapest price per
   * series, region and market of the series that also have custom shapes.
   */
  private static void predefined(
      ProviderCatalog section,
      Requirements req,
      PlanQuery q,
      Map<String, RegionCost[]> regionCosts,
      Map<String, BigDecimal> cheapestBySeries,
      List<PlanOption> out) {
    String provider = section.provider();
    // cheapest fitting predefined price per series/region/market, to decide on custom shapes;
    // kept only for series that have custom rates
    Set<String> customSeries = new HashSet<>();
    for (CustomRates cr : section.customRates()) {
      customSeries.add(cr.series());
    }
    for (InstanceType t : section.instanceTypes()) {
      Eligibility.Verdict v = Eligibility.evaluate(provider, t, q.allowAmd);
      if (v == null || !q.kindAllowed(v.kind()) || !q.typeAllowed(t.name())) {
        continue;
      }
      PlanFit fit = PlanFit.of(t.vcpus(), t.memoryGib(), ResourceModel.localDataGib(t), req);
      if (fit == null) {
        continue;
      }
      CpuCheck.Outcome cpu = q.cpus.of(provider, t.series());
      if (cpu.refusal() != null) {
        continue;
      }
      boolean hyperdisk = Eligibility.hyperdiskOnly(provider, t);
      boolean custom = customSeries.contains(t.series());
      // one label per type and market, shared by every region
      String[] labels = new String[Market.values().length];
      for (Market m : q.markets) {
        labels[m.ordinal()] = "instance " + t.name() + " (" + Planner.marketLabel(m) + ")";
      }
      for (RegionPrice rp : q.pricesOf(t)) {
        if (!q.regionAllowed(rp.region())) {
          continue;
        }
        RegionCost[] rcs = RegionCost.forRegion(section, rp.region(), req, regionCosts);
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
                  cpu.notes(),
                  req,
                  q);
          if (o != null) {
            out.add(o);
          }
        }
      }
    }
  }

  /** The custom shapes' options, each only when cheaper than the series' predefined types. */
  private static void custom(
      ProviderCatalog section,
      Requirements req,
      PlanQuery q,
      Map<String, RegionCost[]> regionCosts,
      Map<String, BigDecimal> cheapestBySeries,
      List<PlanOption> out) {
    String provider = section.provider();
    for (CustomRates cr : section.customRates()) {
      if (!q.regionAllowed(cr.region())) {
        continue;
      }
      InstanceType template = CustomShapes.seriesTemplate(section, cr.series());
      CustomShapeRules rules = CustomShapes.customRules(provider, cr.series());
      Eligibility.Verdict v =
          template == null ? null : Eligibility.evaluate(provider, template, q.allowAmd);
      if (v == null || rules == null || !q.kindAllowed(v.kind())) {
        continue;
      }
      int[] shape = CustomShapes.customShape(req, rules);
      if (shape == null) {
        continue;
      }
      CpuCheck.Outcome cpu = q.cpus.of(provider, cr.series());
      if (cpu.refusal() != null) {
        continue;
      }
      RegionCost[] rcs = RegionCost.forRegion(section, cr.region(), req, regionCosts);
      if (rcs == null) {
        continue;
      }
      boolean hyperdisk = Eligibility.hyperdiskOnly(provider, template);
      int vcpus = shape[0];
      double memGib = shape[1] / 1024.0;
      PlanFit fit = PlanFit.of(vcpus, memGib, 0, req);
      for (Market m : q.markets) {
        if (!v.markets().contains(m)) {
          continue;
        }
        BigDecimal price = CustomShapes.customPrice(cr, m, vcpus, memGib);
        if (price == null) {
          continue;
        }
        BigDecimal predefined = cheapestBySeries.get(cr.series() + "/" + cr.region() + "/" + m);
        if (predefined != null && price.compareTo(predefined) >= 0) {
          continue;
        }
        RegionCost rc = rcs[RegionCost.index(hyperdisk, m)];
        String name = rules.name(vcpus, shape[1]);
        if (!q.typeAllowed(name)) {
          continue;
        }
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
                    + Planner.marketLabel(m)
                    + ", "
                    + vcpus
                    + " vCPU + "
                    + Planner.fmt(memGib)
                    + " GiB at custom rates)",
                cpu.notes(),
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
      PlanFit fit,
      RegionCost rc,
      Money instance,
      String instanceItem,
      List<String> notes,
      Requirements req,
      PlanQuery q) {
    List<CostLine> lines = new ArrayList<>(4);
    lines.add(new CostLine(instanceItem, instance));
    lines.add(rc.bootLine());
    Money hourly = instance.plus(fit.local() ? rc.extrasWithoutData() : rc.extras());
    if (!fit.local()) {
      lines.add(rc.dataLine());
    }
    lines.add(rc.ipLine());
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
        fit.local() ? 0 : req.dataDiskGib(),
        hourly,
        hourly.times(q.hours),
        hourly.times(Planner.HOURS_PER_MONTH),
        lines,
        fit.headroom(),
        notes);
  }
}
