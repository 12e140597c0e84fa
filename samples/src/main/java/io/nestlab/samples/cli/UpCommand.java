package io.nestlab.samples.cli;

import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.WaitLevel;
import io.nestlab.plan.CostLine;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

  @Parameters(index = "0", paramLabel = "FILE", description = "the lab file (YAML or JSON)")
  Path file;

  @Option(names = "--yes", description = "create without asking")
  boolean yes;

  @Option(
      names = "--wait",
      paramLabel = "LEVEL",
      description = "none, infrastructure or ready (default: ready)")
  String wait = "ready";

  @Override
  public Integer call() throws IOException {
    PrintWriter out = cmd.commandLine().getOut();
    WaitLevel level = waitLevel();
    if (lab.provider == null) {
      throw new io.nestlab.InvalidSpecException(
          "command line",
          java.util.List.of(
              io.nestlab.Problem.of("--provider", "is required; for example --provider fake")));
    }
    ProviderSettings settings = lab.overrides();
    LabSpec spec = io.nestlab.spec.LabSpecs.read(file);
    PlanOption option = LabPlanning.cheapest(spec, lab.provider, lab.region);
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
    out.flush();
    if (!yes && !confirm(out)) {
      out.println("nothing created");
      return ExitCode.OK;
    }
    LabEngine engine = lab.engine(out);
    LabRecord rec = engine.create(CreateRequest.of(spec, option, settings).withWait(level));
    if (rec.status() == io.nestlab.state.LabStatus.CREATING) {
      out.println(
          "lab "
              + rec.labId()
              + " is launched"
              + (rec.publicIp() == null ? "" : " at " + rec.publicIp())
              + "; its bootstrap goes on: follow it with 'nestlab status "
              + rec.labId()
              + "'");
    } else {
      out.println(
          "lab "
              + rec.labId()
              + " is "
              + LabFormat.status(rec)
              + (rec.publicIp() == null ? "" : " at " + rec.publicIp()));
    }
    out.println(
        "next: nestlab status " + rec.labId() + "   (down: nestlab down " + rec.labId() + ")");
    return ExitCode.OK;
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

  private boolean confirm(PrintWriter out) throws IOException {
    if (System.console() == null) {
      throw new io.nestlab.InvalidSpecException(
          "command line",
          java.util.List.of(
              io.nestlab.Problem.of(
                  "--yes", "no terminal to ask for confirmation; pass --yes to create the lab")));
    }
    out.print("Create this lab? [y/N] ");
    out.flush();
    String answer =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
  }
}
