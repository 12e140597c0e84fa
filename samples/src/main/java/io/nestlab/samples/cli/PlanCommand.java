package io.nestlab.samples.cli;

import io.nestlab.NoFittingInstanceException;
import io.nestlab.catalog.Catalog;
import io.nestlab.plan.CostLine;
import io.nestlab.plan.Infeasible;
import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * {@code nestlab plan FILE}: the single option {@code up} would create, with its cost breakdown.
 * Offline; the same choice as {@code up --provider ID [--region R]}. Its picocli model is built in
 * code ({@link #model}; docs/design/0160).
 */
final class PlanCommand implements Callable<Integer> {
  CommandLine.Model.CommandSpec cmd;
  Path file;
  String provider;
  String region;
  boolean live;
  java.util.Map<String, String> providerOpts = new java.util.LinkedHashMap<>();

  /** The command's picocli model, bound to a new command. */
  static CommandLine.Model.CommandSpec model() {
    PlanCommand c = new PlanCommand();
    CommandLine.Model.CommandSpec spec =
        CommandModels.command(
            c,
            "plan",
            "Show the one option 'nestlab up' would create for a lab, and its cost (offline).",
            "Cloud, region, instance type, market, nesting depth, the hourly breakdown and the"
                + " cost of one TTL session.",
            "Without --provider, the cheapest option over the lab's placement; with it, exactly",
            "what 'up --provider ID' picks. Exit 1 when the file is invalid or nothing fits.");
    spec.addPositional(
        CommandModels.positional(c, "file")
            .index("0")
            .required(true)
            .paramLabel("FILE")
            .description("the lab file (YAML or JSON)")
            .build());
    spec.addOption(
        CommandModels.option(c, "provider", "--provider")
            .paramLabel("ID")
            .description("aws, gcp or fake")
            .build());
    spec.addOption(
        CommandModels.option(c, "region", "--region")
            .paramLabel("R")
            .description("only this region")
            .build());
    spec.addOption(
        CommandModels.option(c, "live", "--live")
            .description(
                "with --provider: read its types and prices live (as 'up --live'); needs its"
                    + " credentials and settings (--provider-opt)")
            .build());
    spec.addOption(
        CommandModels.option(c, "providerOpts", "--provider-opt")
            .paramLabel("KEY=VALUE")
            .description("a provider setting for --live (repeatable)")
            .build());
    CommandModels.standardHelpOptions(spec, CommandLine.ScopeType.LOCAL);
    c.cmd = spec;
    return spec;
  }

  @Override
  public Integer call() {
    boolean json = JsonOutput.requested(cmd);
    PrintWriter out = cmd.commandLine().getOut();
    EarlyLab early = EarlyLab.read(file);
    Catalog catalog = LocalCatalog.load(cmd.commandLine().getErr());
    if (provider != null && !provider.equals("fake") && catalog.provider(provider).isEmpty()) {
      throw new CommandLine.ParameterException(
          cmd.commandLine(),
          "--provider: '"
              + provider
              + "' is not a provider; use one of "
              + String.join(", ", catalog.providerIds())
              + " or fake");
    }
    if (region != null
        && !"fake".equals(provider)
        && !EstimateCommand.knownRegions(catalog).contains(region)) {
      throw new CommandLine.ParameterException(
          cmd.commandLine(),
          "--region: '"
              + region
              + "' is not a region of any provider in the catalog"
              + EstimateCommand.similar(region, EstimateCommand.knownRegions(catalog)));
    }
    if (live && provider == null) {
      throw new CommandLine.ParameterException(
          cmd.commandLine(), "--live: needs --provider, the cloud whose catalog to read");
    }
    LabSpec lab = early.get();
    Plan full =
        provider != null
            ? LabPlanning.plan(
                lab,
                provider,
                region,
                LabPlanning.catalogSource(
                    provider, live ? liveSettings() : null, cmd.commandLine().getErr()))
            : Planner.plan(
                lab,
                catalog,
                region == null
                    ? io.nestlab.plan.PlanOptions.defaults()
                    : io.nestlab.plan.PlanOptions.defaults().withRegions(List.of(region)));
    PlanOption best =
        full.best()
            .orElseThrow(
                () ->
                    new NoFittingInstanceException(
                        "no option can carry lab "
                            + lab.name()
                            + (full.infeasible().isEmpty()
                                ? ""
                                : ": "
                                    + full.infeasible().stream()
                                        .map(i -> i.provider() + ": " + i.reason())
                                        .distinct()
                                        .limit(5)
                                        .collect(Collectors.joining("; ")))
                            + "; see 'nestlab estimate' for every option"));
    Plan chosen =
        new Plan(
            full.lab(),
            full.sessionHours(),
            full.catalog(),
            full.requirements(),
            List.of(best),
            full.infeasible());
    if (json) {
      out.print(chosen.toJson());
      out.flush();
      return ExitCode.OK;
    }
    Printf.to(out, "Lab %s would run on:%n", lab.name());
    row(out, "cloud", best.provider());
    row(out, "region", best.region());
    row(out, "instance type", best.instanceType());
    row(out, "market", lower(best.market().name()));
    row(
        out,
        "host",
        lower(best.kind().name())
            + ", nesting depth "
            + best.nestingDepth()
            + ", "
            + lower(best.support().name()));
    row(out, "size", best.vcpus() + " vCPUs, " + EstimateCommand.num(best.memoryGib()) + " GiB");
    row(out, "disks", "boot " + best.bootDiskGib() + " GiB, data " + best.dataDiskGib() + " GiB");
    row(
        out,
        "headroom",
        EstimateCommand.num(best.headroom().vcpus())
            + " vCPUs, "
            + EstimateCommand.num(best.headroom().memoryGib())
            + " GiB memory, "
            + EstimateCommand.num(best.headroom().diskGib())
            + " GiB disk");
    row(out, "per hour", EstimateCommand.usd(best.hourly().usd(), 4));
    row(
        out,
        "per session",
        EstimateCommand.usd(best.session().usd(), 2)
            + " ("
            + full.sessionHours().stripTrailingZeros().toPlainString()
            + " h)");
    row(out, "per month", EstimateCommand.usd(best.monthly().usd(), 2) + " (730 h)");
    out.println("Hourly breakdown:");
    for (CostLine l : best.breakdown()) {
      Printf.to(out, "  %-70s %9s%n", l.item(), EstimateCommand.usd(l.hourly().usd(), 4));
    }
    for (Infeasible i : full.infeasible()) {
      Printf.to(out, "Not on %s: %s%n", i.provider(), i.reason());
    }
    Printf.to(
        out,
        "%d other option%s fit; 'nestlab estimate %s' lists them.%n",
        full.options().size() - 1,
        full.options().size() == 2 ? "" : "s",
        file);
    out.flush();
    return ExitCode.OK;
  }

  private static void row(PrintWriter out, String name, String value) {
    Printf.to(out, "  %-14s %s%n", name + ":", value);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private io.nestlab.spi.ProviderSettings liveSettings() {
    return SettingsOptions.settings(providerOpts, region);
  }
}
