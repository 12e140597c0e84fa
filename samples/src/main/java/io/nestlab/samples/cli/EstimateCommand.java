package io.nestlab.samples.cli;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.plan.CatalogInfo;
import io.nestlab.plan.CostLine;
import io.nestlab.plan.Infeasible;
import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.plan.Requirements;
import io.nestlab.spec.LabSpec;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * {@code nestlab estimate FILE}: where the lab can run and what it costs, offline, from the
 * embedded catalog. Exit 0 when at least one option fits, 1 when the file is invalid or nothing
 * fits. Its picocli model is built in code ({@link #model}; docs/design/0160).
 */
final class EstimateCommand implements Callable<Integer> {
  /** Rows shown in the table when --top is not given: the cheapest overall ... */
  static final int DEFAULT_ROWS = 10;

  /** ... plus at least this many of each provider that has options. */
  static final int DEFAULT_ROWS_PER_PROVIDER = 3;

  CommandLine.Model.CommandSpec spec;
  Path file;
  String from;
  Path stateDir;
  String stateAddress;
  String owner;
  String provider;
  List<String> regions = new ArrayList<>();
  BigDecimal hours;
  boolean spot;
  Integer top;
  boolean allowAmd;

  /** The command's picocli model, bound to a new command. */
  static CommandLine.Model.CommandSpec model() {
    EstimateCommand c = new EstimateCommand();
    CommandLine.Model.CommandSpec spec =
        CommandModels.command(
            c,
            "estimate",
            "Show where a lab can run and what it costs, cheapest first (offline, no credentials).",
            "Costs per hour, per session and per month, from the embedded price catalog.",
            "Exit status: 0 when at least one option fits, 1 when the file is invalid or nothing"
                + " fits.");
    spec.addPositional(
        CommandModels.positional(c, "file")
            .index("0")
            .arity("0..1")
            .paramLabel("FILE")
            .description("the lab file (YAML or JSON); with --from, the blueprint's lab by default")
            .build());
    spec.addOption(
        CommandModels.option(c, "from", "--from")
            .paramLabel("NAME")
            .description(
                "price starting the lab from the blueprint NAME: its storage per month, the"
                    + " restore's expected time per phase and its cost until ready")
            .build());
    // Not the StateOptions mixin: that one asks the Guice injector for the default store, and an
    // offline command never makes the injector (design 0151); the directory default serves here.
    spec.addOption(
        CommandModels.option(c, "stateDir", "--state-dir")
            .paramLabel("DIR")
            .description(
                "with --from, and for budgets: where lab state lives (default:"
                    + " $NESTLAB_HOME/labs)")
            .build());
    spec.addOption(
        CommandModels.option(c, "stateAddress", "--state")
            .paramLabel("ADDRESS")
            .description(
                "with --from, and for budgets: where lab state lives, a directory or"
                    + " postgresql://USER@HOST:PORT/DB (default: $NESTLAB_STATE_URL, else"
                    + " --state-dir's default)")
            .build());
    spec.addOption(
        CommandModels.option(c, "owner", "--owner")
            .paramLabel("OWNER")
            .description(
                "show the budgets of this owner and its team (default: $NESTLAB_OWNER, else your"
                    + " user name); budgets are read from --state / --state-dir /"
                    + " $NESTLAB_STATE_URL")
            .build());
    spec.addOption(
        CommandModels.option(c, "provider", "--provider")
            .paramLabel("aws|gcp|fake|all")
            .description(
                "only this provider ('fake' prices the fake provider's types, as plan and up do);"
                    + " 'all' ignores the lab's placement.providers")
            .build());
    spec.addOption(
        CommandModels.option(c, "regions", "--region")
            .paramLabel("R")
            .description("only these regions (repeatable); overrides placement.regions")
            .build());
    spec.addOption(
        CommandModels.option(c, "hours", "--hours")
            .paramLabel("N")
            .description("price a session of N hours (default: the lab's TTL, else 8)")
            .build());
    spec.addOption(
        CommandModels.option(c, "spot", "--spot")
            .description("also price spot capacity where it is allowed")
            .build());
    spec.addOption(
        CommandModels.option(c, "top", "--top")
            .paramLabel("N")
            .description("show only the N cheapest options (default: all in --json, a short table)")
            .build());
    spec.addOption(
        CommandModels.option(c, "allowAmd", "--allow-amd")
            .description("also consider AMD hosts (nested ESXi on AMD is unverified)")
            .build());
    CommandModels.standardHelpOptions(spec, CommandLine.ScopeType.LOCAL);
    c.spec = spec;
    return spec;
  }

  @Override
  public Integer call() {
    boolean json = JsonOutput.requested(spec);
    PrintWriter out = spec.commandLine().getOut();
    StateOptions state = new StateOptions();
    state.stateDir = stateDir;
    state.address = stateAddress;
    BlueprintEstimate blueprint = BlueprintEstimate.of(state, from, file);
    if (blueprint != null) {
      provider = provider != null ? provider : blueprint.provider();
      if (regions.isEmpty()) {
        regions.add(blueprint.region());
      }
    }
    EarlyLab early = blueprint != null && file == null ? null : EarlyLab.read(file);
    Catalog cached = LocalCatalog.load(spec.commandLine().getErr());
    // The fake provider's types are not in the embedded snapshot; they come with the fake itself.
    Catalog catalog =
        provider != null && provider.trim().equalsIgnoreCase("fake")
            ? cached.with(FakeCatalog.catalog())
            : cached;
    PlanOptions options = options(catalog);
    LabSpec lab = early == null ? blueprint.spec() : early.get();
    Plan plan = Planner.plan(lab, catalog, options);
    if (json && blueprint != null) {
      // The plan's document, plus what the text shows of the blueprint (docs/cli.md).
      JsonOutput.print(out, BlueprintEstimate.withPlan(plan, blueprint.json(lab, plan)));
    } else if (json) {
      out.print(plan.toJson());
    } else {
      printTable(out, lab, plan, options);
      if (blueprint != null) {
        blueprint.print(out, lab, plan);
      }
      if (!plan.options().isEmpty()) {
        UpBudgets.print(
            out,
            state.store(),
            owner != null ? owner : FleetOptions.currentOwner(),
            lab,
            plan.options().get(0));
      }
    }
    out.flush();
    return plan.options().isEmpty() ? ExitCode.INVALID_INPUT : ExitCode.OK;
  }

  private PlanOptions options(Catalog catalog) {
    PlanOptions o = PlanOptions.defaults().withAllowAmd(allowAmd);
    if (provider != null) {
      String p = provider.trim().toLowerCase(Locale.ROOT);
      if (p.equals("all")) {
        o = o.withProviders(catalog.providerIds());
      } else if (catalog.provider(p).isPresent()) {
        o = o.withProviders(List.of(p));
      } else {
        throw param(
            "--provider: '"
                + provider
                + "' is not a provider; use one of "
                + String.join(", ", catalog.with(FakeCatalog.catalog()).providerIds())
                + " or all");
      }
    }
    if (!regions.isEmpty()) {
      Set<String> known = knownRegions(catalog);
      for (String r : regions) {
        if (!known.contains(r)) {
          throw param(
              "--region: '"
                  + r
                  + "' is not a region of any provider in the catalog"
                  + similar(r, known));
        }
      }
      o = o.withRegions(regions);
    }
    if (hours != null) {
      if (hours.signum() <= 0) {
        throw param("--hours: must be more than 0, got " + hours.toPlainString());
      }
      o = o.withHours(hours);
    }
    if (spot) {
      o = o.withAlsoSpot(true);
    }
    if (top != null) {
      if (top < 0) {
        throw param("--top: must be 0 (all) or more, got " + top);
      }
      o = o.withTop(top);
    }
    return o;
  }

  private CommandLine.ParameterException param(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** Known regions sharing the typed name's first part ("us-", "europe-"), as a hint. */
  static String similar(String typed, Set<String> known) {
    int dash = typed.indexOf('-');
    String prefix = dash < 0 ? typed : typed.substring(0, dash + 1);
    List<String> near = known.stream().filter(k -> k.startsWith(prefix)).toList();
    return near.isEmpty()
        ? "; see 'nestlab estimate --help' and docs/cost-model.md for the catalog's regions"
        : "; known regions starting with '" + prefix + "': " + String.join(", ", near);
  }

  static Set<String> knownRegions(Catalog catalog) {
    Set<String> known = new TreeSet<>();
    for (ProviderCatalog p : catalog.providers()) {
      known.addAll(p.regionRates().keySet());
      for (InstanceType t : p.instanceTypes()) {
        known.addAll(t.regions());
      }
    }
    return known;
  }

  private void printTable(PrintWriter out, LabSpec lab, Plan plan, PlanOptions options) {
    Requirements r = plan.requirements();
    Printf.to(
        out,
        "Lab %s: %d ESXi host%s%s, %d guest%s%n",
        lab.name(),
        lab.hosts().size(),
        lab.hosts().size() == 1 ? "" : "s",
        lab.vcenter() == null
            ? ""
            : ", vCenter "
                + lab.vcenter().size()
                + ("l1".equals(lab.vcenter().placement()) ? " on the L1 host" : " inside ESXi"),
        lab.guests().size(),
        lab.guests().size() == 1 ? "" : "s");
    Printf.to(
        out,
        "Needs on the L1 host: %s vCPUs (%d nested at %sx), %s GiB memory (%s nested at %sx,"
            + " plus overhead), data disk %d GiB (thin use estimated at %s GiB), boot disk %d"
            + " GiB%n",
        num(r.l1Vcpus()),
        r.nestedVcpus(),
        num(lab.policy().cpuOvercommit()),
        num(r.l1MemoryGib()),
        num(r.nestedMemoryGib()),
        num(lab.policy().memoryOvercommit()),
        r.dataDiskGib(),
        num(r.diskEstimateGib()),
        r.bootDiskGib());
    for (String note : r.notes()) {
      Printf.to(out, "  %s%n", note);
    }
    Printf.to(
        out,
        "One session: %s h (%s); a month: 730 h%n%n",
        plan.sessionHours().stripTrailingZeros().toPlainString(),
        options.hours() != null
            ? "--hours"
            : lab.policy().ttl() != null ? "the lab's ttl" : "default");

    if (lab.placement().maxHourlyUsd() != null) {
      Printf.to(
          out,
          "Only options up to placement.maxHourlyUsd $%s/h are listed.%n%n",
          lab.placement().maxHourlyUsd().toPlainString());
    }
    int[] rows = rows(plan);
    if (rows.length > 0) {
      String fmt = "%-3s %-5s %-23s %-26s %-9s %-6s %5s %-12s %9s %9s %9s  %s%n";
      Printf.to(
          out,
          fmt,
          "#",
          "CLOUD",
          "REGION",
          "INSTANCE TYPE",
          "MARKET",
          "KIND",
          "DEPTH",
          "SUPPORT",
          "$/HOUR",
          "$/SESSION",
          "$/MONTH",
          "HEADROOM vCPU/GiB/disk GiB");
      for (int row : rows) {
        PlanOption o = plan.options().get(row);
        Printf.to(
            out,
            fmt,
            row + 1,
            o.provider(),
            o.region(),
            o.instanceType(),
            o.market().name().toLowerCase(Locale.ROOT).replace('_', '-'),
            o.kind().name().toLowerCase(Locale.ROOT),
            o.nestingDepth(),
            o.support().name().toLowerCase(Locale.ROOT),
            usd(o.hourly().usd(), 4),
            usd(o.session().usd(), 2),
            usd(o.monthly().usd(), 2),
            num(o.headroom().vcpus())
                + " / "
                + num(o.headroom().memoryGib())
                + " / "
                + num(o.headroom().diskGib()));
      }
      // what to know of the listed types' CPUs (a deprecated or unknown CPU; design 0195)
      java.util.Map<String, Set<String>> notes = new java.util.LinkedHashMap<>();
      for (int row : rows) {
        PlanOption o = plan.options().get(row);
        for (String n : o.notes()) {
          notes.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(o.instanceType());
        }
      }
      notes.forEach((n, types) -> out.println("  " + String.join(", ", types) + ": " + n));
      int hidden = plan.options().size() - rows.length;
      if (hidden > 0) {
        Printf.to(
            out,
            "... and %d more option%s (--top N or --json to see them)%n",
            hidden,
            hidden == 1 ? "" : "s");
      }
      out.println();
      out.println("Cheapest option per cloud, hourly breakdown:");
      Set<String> seen = new LinkedHashSet<>();
      for (PlanOption o : plan.options()) {
        if (seen.add(o.provider())) {
          Printf.to(
              out,
              "  %s %s %s (%s, depth %d, %s): %s/h%n",
              o.provider(),
              o.region(),
              o.instanceType(),
              o.market().name().toLowerCase(Locale.ROOT).replace('_', '-'),
              o.nestingDepth(),
              o.support().name().toLowerCase(Locale.ROOT),
              usd(o.hourly().usd(), 4));
          for (CostLine l : o.breakdown()) {
            Printf.to(out, "    %-70s %9s%n", l.item(), usd(l.hourly().usd(), 4));
          }
        }
      }
    } else {
      out.println("No option fits this lab.");
    }
    for (Infeasible i : plan.infeasible()) {
      Printf.to(out, "%nNot on %s: %s%n", i.provider(), i.reason());
    }
    out.println();
    for (CatalogInfo c : plan.catalog()) {
      Printf.to(
          out,
          "Prices %s: as of %s%s%n",
          c.provider(),
          c.asOf(),
          c.note().isEmpty() ? "" : ". " + c.note());
    }
    out.println(
        "Depth 2 = bare metal (proven); depth 3 = nested-virtualization VM (experimental)."
            + " Estimates exclude data transfer and snapshots.");
  }

  /**
   * The positions in the plan's options (its rank order) of the rows to show: the cheapest rows
   * overall, plus the cheapest few of every provider. Positions, not a set of options looked up
   * with {@code indexOf}: comparing or hashing an option compares every record in it, and each
   * record's first {@code equals}/{@code hashCode} spins method-handle classes at run time (~30 for
   * {@code estimate}; docs/design/0161).
   */
  private int[] rows(Plan plan) {
    List<PlanOption> all = plan.options();
    boolean[] chosen = new boolean[all.size()];
    for (int i = 0; i < all.size(); i++) {
      chosen[i] = top != null || i < DEFAULT_ROWS;
    }
    for (CatalogInfo c : plan.catalog()) {
      int taken = 0;
      for (int i = 0; i < all.size() && taken < DEFAULT_ROWS_PER_PROVIDER; i++) {
        if (all.get(i).provider().equals(c.provider())) {
          chosen[i] = true;
          taken++;
        }
      }
    }
    int n = 0;
    for (boolean c : chosen) {
      n += c ? 1 : 0;
    }
    int[] rows = new int[n];
    for (int i = 0, k = 0; i < all.size(); i++) {
      if (chosen[i]) {
        rows[k++] = i;
      }
    }
    return rows;
  }

  static String usd(BigDecimal d, int places) {
    return "$" + d.setScale(places, RoundingMode.HALF_UP).toPlainString();
  }

  static String num(double d) {
    BigDecimal b = BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
    return (b.scale() < 0 ? b.setScale(0) : b).toPlainString();
  }
}
