package io.nestlab.samples.cli;

import io.nestlab.NoFittingInstanceException;
import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.plan.Infeasible;
import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.PlacementSpec;
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
    Plan plan = plan(fileSpec, provider, region);
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
    CatalogSource source =
        "fake".equals(provider) ? FakeCatalog.source() : CatalogSource.embedded(provider);
    PlanOptions options = PlanOptions.defaults().withProviders(List.of(provider));
    if (region != null) {
      options = options.withRegions(List.of(region));
    }
    return Planner.plan(spec, Catalog.from(List.of(source)), options);
  }
}
