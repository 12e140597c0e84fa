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

/** Picks the option {@code up} creates: the cheapest feasible one of the chosen provider. */
final class LabPlanning {
  private LabPlanning() {}

  /**
   * {@code --provider} overrides the lab file's placement: when the file names other providers,
   * their regions do not apply either (kind, market, the hourly cap and the pinned types still do:
   * {@code up} creates what {@code estimate --provider} shows, and a pin that names no type of
   * {@code provider} is said so, as estimate says it).
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
            () -> {
              List<String> why =
                  new java.util.ArrayList<>(unknownTypes(fileSpec, provider, source));
              plan.infeasible().stream()
                  .map(Infeasible::reason)
                  .distinct()
                  .limit(5)
                  .forEach(why::add);
              return new NoFittingInstanceException(
                  "no "
                      + provider
                      + (region == null ? "" : " " + region)
                      + " option can carry lab "
                      + fileSpec.name()
                      + (why.isEmpty() ? "" : ": " + String.join("; ", why)));
            });
  }

  /**
   * {@code "placement.instanceTypes[i]: T is not an instance type of P in the catalog; ..."} for
   * each pinned type {@code provider}'s catalog lacks, as {@code validate} says it (design 0201).
   * When the lab's providers do not include {@code provider}, its pinned types do not apply.
   */
  private static List<String> unknownTypes(LabSpec spec, String provider, CatalogSource source) {
    List<String> providers = spec.placement().providers();
    if (spec.placement().instanceTypes().isEmpty()
        || !(providers.isEmpty() || providers.contains(provider))) {
      return List.of();
    }
    return io.nestlab.plan.PinnedTypes.unknown(spec, Catalog.from(List.of(source))).stream()
        .map(p -> p.path() + ": " + p.message())
        .toList();
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
                      List.of(provider),
                      List.of(),
                      p.kind(),
                      p.market(),
                      p.maxHourlyUsd(),
                      p.instanceTypes())) // pins still apply, as estimate --provider keeps them
              .build();
    }
    PlanOptions options = PlanOptions.defaults().withProviders(List.of(provider));
    if (region != null) {
      options = options.withRegions(List.of(region));
    }
    return Planner.plan(spec, Catalog.from(List.of(source)), options);
  }
}
