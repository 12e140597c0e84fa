package io.nestlab.samples.cli;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CatalogCache;
import io.nestlab.catalog.Eligibility;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.internal.io.Json;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * {@code nestlab catalog}: what the embedded price catalog holds. Its picocli model is built in
 * code ({@link #model}; docs/design/0160).
 */
final class CatalogCommand implements Callable<Integer> {
  CommandLine.Model.CommandSpec cmd;
  String provider;
  String region;
  boolean types;
  boolean eligibleOnly;

  /**
   * The command's picocli model, bound to a new command; with its subcommand {@code refresh} (made
   * from its annotations by {@code factory}) when {@code withRefresh}.
   */
  static CommandLine.Model.CommandSpec model(CommandLine.IFactory factory, boolean withRefresh) {
    CatalogCommand c = new CatalogCommand();
    CommandLine.Model.CommandSpec spec =
        CommandModels.command(
            c,
            "catalog",
            "Show what the embedded price catalog holds: per provider its date, source and counts.",
            "With --types (or --provider/--region), list instance types and whether each can carry",
            "a lab's L1 host (eligible), with the on-demand price in the region.");
    spec.addOption(
        CommandModels.option(c, "provider", "--provider")
            .paramLabel("ID")
            .description("only this provider")
            .build());
    spec.addOption(
        CommandModels.option(c, "region", "--region")
            .paramLabel("R")
            .description("only types offered in region R")
            .build());
    spec.addOption(
        CommandModels.option(c, "types", "--types").description("list the instance types").build());
    spec.addOption(
        CommandModels.option(c, "eligibleOnly", "--eligible")
            .description("list only types that can carry an L1 host")
            .build());
    CommandModels.standardHelpOptions(spec, CommandLine.ScopeType.LOCAL);
    if (withRefresh) {
      spec.addSubcommand("refresh", new CommandLine(CatalogRefreshCommand.class, factory));
    }
    c.cmd = spec;
    return spec;
  }

  /**
   * Whether {@code args}, the words after {@code catalog}, are only this command's own options (and
   * the inherited {@code --json} and {@code --verbose}): then {@code refresh} is not needed, and
   * its model is not built. Anything else (its name, help, a word picocli may have to suggest a
   * subcommand for) gets it.
   */
  static boolean ownOptionsOnly(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--types", "--eligible", "--json", "--verbose" -> {}
        case "--provider", "--region" -> i++;
        default -> {
          if (!a.startsWith("--provider=") && !a.startsWith("--region=")) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Override
  public Integer call() throws Exception {
    boolean asJson = JsonOutput.requested(cmd);
    PrintWriter out = cmd.commandLine().getOut();
    Catalog catalog = LocalCatalog.load(cmd.commandLine().getErr());
    if (provider != null && provider.trim().equalsIgnoreCase("fake")) {
      // The fake's types come with the fake itself, as for estimate and up; asked for by name.
      catalog = catalog.with(io.nestlab.fake.FakeCatalog.catalog());
    }
    List<CatalogCache.Entry> cached = CatalogCache.at(CatalogCache.defaultDir()).entries();
    List<ProviderCatalog> sections = sections(catalog);
    if (region != null && !EstimateCommand.knownRegions(catalog).contains(region)) {
      throw new CommandLine.ParameterException(
          cmd.commandLine(),
          "--region: '"
              + region
              + "' is not a region of any provider in the catalog"
              + EstimateCommand.similar(region, EstimateCommand.knownRegions(catalog)));
    }
    boolean listTypes = types || eligibleOnly || provider != null || region != null;
    List<Map<String, Object>> json = new ArrayList<>();
    for (ProviderCatalog p : sections) {
      List<InstanceType> shown = shown(p);
      long eligible =
          p.instanceTypes().stream()
              .filter(t -> Eligibility.ineligibleReason(t, false) == null)
              .count();
      if (asJson) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", p.provider());
        m.put("asOf", p.asOf().toString());
        m.put("source", p.source());
        m.put("note", p.note());
        m.put("instanceTypes", p.instanceTypes().size());
        m.put("eligibleTypes", eligible);
        m.put("regions", p.regionRates().keySet());
        m.put("cached", cachedJson(cached, p.provider()));
        if (listTypes) {
          List<Map<String, Object>> ts = new ArrayList<>();
          for (InstanceType t : shown) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("name", t.name());
            tm.put("vcpus", t.vcpus());
            tm.put("memoryGib", t.memoryGib());
            tm.put("metal", t.metal());
            tm.put("eligible", Eligibility.ineligibleReason(t, false) == null);
            String why = Eligibility.ineligibleReason(t, false);
            if (why != null) {
              tm.put("ineligibleReason", why);
            }
            if (region != null) {
              t.price(region)
                  .ifPresent(rp -> tm.put("onDemandUsdPerHour", rp.onDemandUsdPerHour()));
            }
            ts.add(tm);
          }
          m.put("types", ts);
        }
        json.add(m);
        continue;
      }
      Printf.to(
          out,
          "%s: %d instance types (%d can carry an L1 host), %d priced regions; prices as of %s%n",
          p.provider(),
          p.instanceTypes().size(),
          eligible,
          p.regionRates().size(),
          p.asOf());
      Printf.to(out, "  source: %s%n", p.source());
      if (!p.note().isEmpty()) {
        Printf.to(out, "  note: %s%n", p.note());
      }
      printCached(out, cached, p.provider());
      if (listTypes) {
        printTypes(out, shown);
      }
      out.println();
    }
    if (asJson) {
      out.println(Json.mapper().writeValueAsString(Map.of("catalog", json)));
    } else if (!listTypes) {
      out.println("List types with --types (add --provider, --region, --eligible to filter).");
    }
    out.flush();
    return ExitCode.OK;
  }

  private static List<Map<String, Object>> cachedJson(
      List<CatalogCache.Entry> cached, String provider) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<Map<String, Object>> out = new ArrayList<>();
    for (CatalogCache.Entry e : cached) {
      if (e.provider().equals(provider)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", e.region());
        m.put("asOf", e.section().asOf().toString());
        m.put("ageDays", e.ageDays(today));
        m.put("stale", e.stale(today, LocalCatalog.maxAgeDays()));
        m.put("source", e.section().source());
        m.put("file", e.file().toString());
        out.add(m);
      }
    }
    return out;
  }

  /** The regions of {@code provider} in the local catalog cache, with their age. */
  private static void printCached(
      PrintWriter out, List<CatalogCache.Entry> cached, String provider) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (CatalogCache.Entry e : cached) {
      if (e.provider().equals(provider)) {
        long age = e.ageDays(today);
        Printf.to(
            out,
            "  cached: %s, read %s (%d %s old%s), %d types, from %s%n",
            e.region(),
            e.section().asOf(),
            age,
            age == 1 ? "day" : "days",
            e.stale(today, LocalCatalog.maxAgeDays()) ? ", STALE: refresh it" : "",
            e.section().instanceTypes().size(),
            e.section().source());
      }
    }
  }

  private List<ProviderCatalog> sections(Catalog catalog) {
    if (provider == null) {
      return catalog.providers();
    }
    String p = provider.trim().toLowerCase(Locale.ROOT);
    return List.of(
        catalog
            .provider(p)
            .orElseThrow(
                () ->
                    new CommandLine.ParameterException(
                        cmd.commandLine(),
                        "--provider: '"
                            + provider
                            + "' is not in the catalog; use one of "
                            + String.join(", ", catalog.providerIds()))));
  }

  private List<InstanceType> shown(ProviderCatalog p) {
    return p.instanceTypes().stream()
        .filter(t -> region == null || t.regions().contains(region))
        .filter(t -> !eligibleOnly || Eligibility.ineligibleReason(t, false) == null)
        .toList();
  }

  private void printTypes(PrintWriter out, List<InstanceType> shown) {
    if (shown.isEmpty()) {
      out.println("  no instance types match");
      return;
    }
    String fmt = "  %-26s %6s %9s %-6s %-9s %10s  %s";
    out.println(
        String.format(
            Locale.ROOT, fmt, "TYPE", "vCPUs", "GiB", "METAL", "ELIGIBLE", "$/HOUR", "WHY NOT"));
    for (InstanceType t : shown) {
      String why = Eligibility.ineligibleReason(t, false);
      String price =
          region == null
              ? "-"
              : t.price(region)
                  .map(RegionPrice::onDemandUsdPerHour)
                  .map(d -> EstimateCommand.usd(d, 4))
                  .orElse("-");
      out.println(
          String.format(
                  Locale.ROOT,
                  fmt,
                  t.name(),
                  t.vcpus(),
                  EstimateCommand.num(t.memoryGib()),
                  t.metal() ? "yes" : "no",
                  why == null ? "yes" : "no",
                  price,
                  why == null ? "" : why)
              .stripTrailing());
    }
  }
}
