package io.nestlab.samples.cli;

import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.WaitLevel;
import io.nestlab.plan.CostLine;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.ProviderSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nestlab up FILE --provider P}: plans, shows the cost, and creates the lab. */
@Command(
    name = "up",
    description = "Create a lab from a lab file on the cheapest feasible option of a provider.")
final class UpCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Mixin FleetOptions fleet = new FleetOptions();

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "the lab file (YAML or JSON); with --blueprint, the blueprint's own lab")
  Path file;

  @Option(
      names = "--from",
      paramLabel = "NAME",
      description =
          "start the lab from the blueprint NAME (nestlab save): its saved disk, no install;"
              + " FILE must be the blueprint's lab (its name may differ)")
  String from;

  @Option(
      names = "--blueprint",
      paramLabel = "NAME",
      description = "as --from, with the blueprint's own lab file (FILE may be left out)")
  String blueprint;

  @Option(
      names = "--copy",
      description =
          "with --from: copy the blueprint into the planned region when it is in another one"
              + " (shows the storage it adds)")
  boolean copy;

  @Option(
      names = "--live",
      description =
          "plan on the provider's types and prices read live from its API (aws: the region's"
              + " Price List, Spot prices and instance types; gcp: the Cloud Billing Catalog)"
              + " instead of the embedded snapshot; falls back to the snapshot with a warning")
  boolean live;

  @Option(names = "--yes", description = "create without asking")
  boolean yes;

  @Option(
      names = "--wait",
      paramLabel = "LEVEL",
      description = "none, infrastructure or ready (default: ready)")
  String wait = "ready";

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = cmd.commandLine().getOut();
    WaitLevel level = waitLevel();
    fleet.check();
    BlueprintStart start = BlueprintStart.of(lab, file, from, blueprint, copy);
    LabSpec spec = start.spec(file);
    String provider =
        start.provider() != null && lab.provider == null ? start.provider() : provider(spec);
    ProviderSettings settings = lab.overrides();
    start.requireKnown(provider, settings);
    SettingsCheck.beforePlan(provider, settings);
    PlanOption option =
        LabPlanning.cheapest(
            spec,
            provider,
            start.region(lab.settings.region),
            LabPlanning.catalogSource(
                provider, live ? settings : null, cmd.commandLine().getErr()));
    out.println(
        "plan: "
            + option.provider()
            + " "
            + option.region()
            + " "
            + option.instanceType()
            + " ("
            + option.kind().name().toLowerCase(Locale.ROOT)
            + ", "
            + option.support().name().toLowerCase(Locale.ROOT)
            + ") at "
            + option.hourly()
            + "/h");
    for (CostLine line : option.breakdown()) {
      out.println("  " + line.item() + ": " + line.hourly() + "/h");
    }
    out.println(
        "  lifetime (TTL "
            + spec.policy().ttl()
            + "): up to "
            + option
                .hourly()
                .times(
                    java.math.BigDecimal.valueOf(spec.policy().ttl().toSeconds())
                        .divide(
                            java.math.BigDecimal.valueOf(3600),
                            6,
                            java.math.RoundingMode.HALF_UP)));
    start.showRestore(out, spec, option, settings);
    UpBudgets.check(out, lab.engineBuilder().build(), UpBudgets.owners(fleet), spec, option);
    out.flush();
    if (fleet.count != null) {
      if (!yes
          && !Terminal.confirm(
              out, "Create " + fleet.count + " labs? [y/N] ", "--yes", "to create the labs")) {
        out.println("nothing created");
        return ExitCode.OK;
      }
      start.copyIfAsked(out, option, settings);
      return new FleetUp(out, lab, fleet).create(spec, option, settings, level, start.name());
    }
    if (!yes && !confirm(out)) {
      out.println("nothing created");
      return ExitCode.OK;
    }
    out.flush();
    start.copyIfAsked(out, option, settings);
    String labId = LabEngine.newLabId(spec.name());
    org.jline.terminal.Terminal tty = Terminal.isInteractive() ? Terminal.jline() : null;
    try {
      UpSession session =
          new UpSession(out, tty == null ? null : Terminal.prompt(tty), lab.stateDirFlag());
      UpProgress progress =
          new UpProgress(start.durations(spec, option, settings), level, lab.clock());
      UpProgress.Renderer renderer;
      if (tty != null) {
        renderer = LiveRenderer.start(tty, progress, lab.clock());
      } else {
        renderer =
            line -> {
              out.println(line);
              out.flush();
            };
        progress.renderTo(renderer);
      }
      LabEngine engine =
          lab.engineBuilder()
              .owner(fleet.ownerOf(1))
              .sleeper(session.run())
              .listener(progress)
              .build();
      CreateRequest request =
          CreateRequest.of(spec, option, settings)
              .withWait(level)
              .withLabId(labId)
              .withBlueprint(start.name());
      Terminal.CtrlC ctrlC = Terminal.onCtrlC(session.run()::interrupt);
      try {
        return session.create(engine, request, lab.overrides(), progress, renderer);
      } finally {
        ctrlC.close();
      }
    } finally {
      if (tty != null) {
        tty.close();
      }
    }
  }

  /**
   * {@code --provider}, or else the one provider the lab's placement.providers names; with none or
   * several named, the user must choose (docs/design/0094).
   */
  private String provider(LabSpec spec) {
    if (lab.provider != null) {
      return lab.provider;
    }
    java.util.List<String> named = spec.placement().providers();
    if (named.size() == 1) {
      return named.get(0);
    }
    throw new io.nestlab.InvalidSpecException(
        "command line",
        java.util.List.of(
            io.nestlab.Problem.of(
                "--provider",
                named.isEmpty()
                    ? "is required: the lab's placement.providers names none; for example"
                        + " --provider fake (or aws, gcp)"
                    : "is required when placement.providers names more than one ("
                        + String.join(", ", named)
                        + "); pick one, for example --provider "
                        + named.get(0))));
  }

  private WaitLevel waitLevel() {
    try {
      return WaitLevel.valueOf(wait.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new io.nestlab.InvalidSpecException(
          "command line",
          java.util.List.of(
              io.nestlab.Problem.of(
                  "--wait", "'" + wait + "' is not one of none, infrastructure, ready")));
    }
  }

  private static boolean confirm(PrintWriter out) {
    return Terminal.confirm(out, "Create this lab? [y/N] ", "--yes", "to create the lab");
  }
}
