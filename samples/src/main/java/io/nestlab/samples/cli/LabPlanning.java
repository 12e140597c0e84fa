package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.NoFittingInstanceException;
import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.plan.Infeasible;
import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.PlacementSpec;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Picks the option {@code up} creates: the cheapest feasible one of the chosen provider. */
final class LabPlanning {
  private LabPlanning() {}

  /**
   * {@code --provider} overrides the lab file's placement: when the file names other providers,
   * their regions do not apply either (kind, market and the hourly cap still do).
   */
  static PlanOption cheapest(LabSpec fileSpec, String provider, String region) {
    return cheapest(fileSpec, provider, region, catalogSource(provider, null, null));
  }

  /** {@link #cheapest(LabSpec, String, String)} over {@code source}'s section. */
  static PlanOption cheapest(
      LabSpec fileSpec, String provider, String region, CatalogSource source) {
    Plan plan = plan(fileSpec, provider, region, source);
    return plan.best()
        .orElseThrow(
            () ->
                new NoFittingInstanceException(
                    "no "
                        + provider
                        + (region == null ? "" : " " + region)
                        + " option can carry lab "
                        + fileSpec.name()
                        + (plan.infeasible().isEmpty()
                            ? ""
                            : ": "
                                + plan.infeasible().stream()
                                    .map(Infeasible::reason)
                                    .distinct()
                                    .limit(5)
                                    .collect(Collectors.joining("; ")))));
  }

  /** The whole plan over {@code provider}'s catalog, cheapest first, as {@code up} sees it. */
  static Plan plan(LabSpec fileSpec, String provider, String region) {
    return plan(fileSpec, provider, region, catalogSource(provider, null, null));
  }

  /**
   * Where {@code provider}'s types and prices come from: the embedded snapshot (the fake's own
   * catalog for {@code fake}); with {@code live} settings, the provider's live catalog, read now.
   * When the live read fails, a warning goes to {@code err} and the snapshot is used: a plan is
   * still worth having, and the user sees which prices it used.
   *
   * @param live the provider's settings to read the live catalog with, or null for the snapshot
   */
  static CatalogSource catalogSource(String provider, ProviderSettings live, PrintWriter err) {
    CatalogSource embedded =
        "fake".equals(provider) ? FakeCatalog.source() : LocalCatalog.source(provider, err);
    if (live == null) {
      return embedded;
    }
    var source = LabProviders.factory(provider).liveCatalog(live);
    if (source.isEmpty()) {
      err.println(
          "nestlab: warning: " + provider + " has no live catalog; using the embedded snapshot");
      return embedded;
    }
    try {
      ProviderCatalog section = source.get().load();
      err.println(
          "nestlab: "
              + provider
              + " catalog read live ("
              + section.instanceTypes().size()
              + " types, as of "
              + section.asOf()
              + ", from "
              + section.source()
              + ")");
      return CatalogSource.of(section);
    } catch (NestLabException e) {
      err.println(
          "nestlab: warning: the live "
              + provider
              + " catalog could not be read ("
              + e.getMessage()
              + "); using the embedded snapshot");
      return embedded;
    }
  }

  /** {@link #plan(LabSpec, String, String)} over {@code source}'s section. */
  static Plan plan(LabSpec fileSpec, String provider, String region, CatalogSource source) {
    LabSpec spec = fileSpec;
    PlacementSpec p = spec.placement();
    if (!p.providers().isEmpty() && !p.providers().contains(provider)) {
      spec =
          spec.toBuilder()
              .placement(
                  new PlacementSpec(
                      List.of(provider), List.of(), p.kind(), p.market(), p.maxHourlyUsd()))
              .build();
    }
    PlanOptions options = PlanOptions.defaults().withProviders(List.of(provider));
    if (region != null) {
      options = options.withRegions(List.of(region));
    }
    return Planner.plan(spec, Catalog.from(List.of(source)), options);
  }
}
