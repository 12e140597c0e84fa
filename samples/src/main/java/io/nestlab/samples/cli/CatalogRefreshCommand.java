package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.catalog.CatalogCache;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.internal.io.Json;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nestlab catalog refresh --provider aws|gcp [--region R ...]}: reads the provider's live
 * catalog (AWS: Price List, DescribeInstanceTypes and Spot history, one region at a time; GCE: the
 * Cloud Billing Catalog) and keeps each region in the local catalog cache, which {@code estimate},
 * {@code plan}, {@code catalog} and {@code up} then use over the embedded snapshot.
 */
@Command(
    name = "refresh",
    mixinStandardHelpOptions = true,
    description = {
      "Read a provider's live prices and instance types for some regions and keep them in the",
      "local catalog cache ($NESTLAB_HOME/catalog, else ~/.nestlab/catalog), which estimate,",
      "plan, catalog and up then use instead of the embedded snapshot for those regions.",
      "Needs the provider's credentials (and --provider-opt settings such as endpoints)."
    })
final class CatalogRefreshCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Option(
      names = "--provider",
      required = true,
      paramLabel = "aws|gcp",
      description = "the cloud whose live catalog to read")
  String provider;

  @Option(
      names = "--region",
      paramLabel = "R",
      description =
          "a region to refresh (repeatable); required for aws; gcp default: every priced region")
  List<String> regions = new ArrayList<>();

  @Option(
      names = "--provider-opt",
      paramLabel = "KEY=VALUE",
      description = "a provider setting for the live read (repeatable), as for 'up'")
  Map<String, String> providerOpts = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    String p = provider.trim().toLowerCase(Locale.ROOT);
    if (!p.equals("aws") && !p.equals("gcp")) {
      throw new CommandLine.ParameterException(
          cmd.commandLine(), "--provider: '" + provider + "' has no live catalog; use aws or gcp");
    }
    if (p.equals("aws") && regions.isEmpty()) {
      throw new CommandLine.ParameterException(
          cmd.commandLine(),
          "--region: name at least one AWS region (the Price List and EC2 are read one region at"
              + " a time), e.g. --region eu-west-1");
    }
    PrintWriter out = cmd.commandLine().getOut();
    CatalogCache cache = CatalogCache.at(CatalogCache.defaultDir());
    List<CatalogCache.Entry> saved = new ArrayList<>();
    if (p.equals("aws")) {
      for (String r : new TreeSet<>(regions)) {
        Map<String, String> m = new LinkedHashMap<>(providerOpts);
        m.put("region", r);
        saved.add(cache.save(read(p, ProviderSettings.of(m)), r));
      }
    } else {
      ProviderCatalog live = read(p, ProviderSettings.of(providerOpts));
      List<String> wanted =
          regions.isEmpty()
              ? new ArrayList<>(live.regionRates().keySet())
              : new ArrayList<>(new TreeSet<>(regions));
      for (String r : wanted) {
        saved.add(cache.save(live, r));
      }
    }
    if (JsonOutput.requested(cmd)) {
      List<Map<String, Object>> json = new ArrayList<>();
      for (CatalogCache.Entry e : saved) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", e.provider());
        m.put("region", e.region());
        m.put("asOf", e.section().asOf().toString());
        m.put("source", e.section().source());
        m.put("instanceTypes", e.section().instanceTypes().size());
        m.put("file", e.file().toString());
        json.add(m);
      }
      out.println(Json.mapper().writeValueAsString(Map.of("refreshed", json)));
    } else {
      for (CatalogCache.Entry e : saved) {
        out.printf(
            "%s %s: %d instance types priced, as of %s, from %s%n  cached in %s%n",
            e.provider(),
            e.region(),
            e.section().instanceTypes().size(),
            e.section().asOf(),
            e.section().source(),
            e.file());
      }
      out.println(
          "estimate, plan, catalog and up now use these prices for "
              + (saved.size() == 1 ? "this region" : "these regions")
              + " instead of the embedded snapshot.");
    }
    out.flush();
    return ExitCode.OK;
  }

  private static ProviderCatalog read(String provider, ProviderSettings settings) {
    CatalogSource source =
        LabProviders.factory(provider)
            .liveCatalog(settings)
            .orElseThrow(() -> new NestLabException(provider + " has no live catalog"));
    return source.load();
  }
}
