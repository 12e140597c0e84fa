package io.nestlab.plan;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.Market;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.LabSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
  public static final Comparator<PlanOption> RANKING = Planner::rank;

  static final double EPS = 1e-9;

  private Planner() {}

  // Written out rather than built with Comparator.comparing: the JDK's comparator combinators are
  // lambdas linked at run time, about 3 ms of a CLI start (docs/design/0200).
  static int rank(PlanOption a, PlanOption b) {
    int c = a.hourly().compareTo(b.hourly());
    if (c == 0) {
      c = a.support().compareTo(b.support());
    }
    if (c == 0) {
      c = a.provider().compareTo(b.provider());
    }
    if (c == 0) {
      c = a.region().compareTo(b.region());
    }
    if (c == 0) {
      c = a.instanceType().compareTo(b.instanceType());
    }
    return c != 0 ? c : a.market().compareTo(b.market());
  }

  /** Plans {@code spec} over {@code catalog} with the spec's own placement. */
  public static Plan plan(LabSpec spec, Catalog catalog) {
    return plan(spec, catalog, PlanOptions.defaults());
  }

  /** Plans {@code spec} over {@code catalog}; {@code options} override the spec's placement. */
  public static Plan plan(LabSpec spec, Catalog catalog, PlanOptions options) {
    Requirements req = ResourceModel.requirements(spec);
    PlanQuery q = PlanQuery.of(spec, catalog, options);
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
      OptionSearch.options(section, req, q, found);
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

  private static String reason(
      ProviderCatalog section, LabSpec spec, Requirements req, PlanQuery q) {
    if (q.maxHourly != null) {
      PlanQuery uncapped = q.copy();
      uncapped.maxHourly = null;
      List<PlanOption> found = new ArrayList<>();
      OptionSearch.options(section, req, uncapped, found);
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

  static String marketLabel(Market m) {
    return m == Market.SPOT ? "spot" : "on-demand";
  }

  static double round2(double d) {
    return Math.round(d * 100) / 100.0;
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
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
    EsxiHost largest = null;
    for (EsxiHost h : spec.hosts()) {
      if (largest == null || h.cpus() > largest.cpus()) {
        largest = h;
      }
    }
    return largest == null ? "a KVM guest" : largest.name();
  }
}
