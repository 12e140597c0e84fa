package io.nestlab.samples.cli;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.cost.Money;
import io.nestlab.cost.SnapshotStorage;
import io.nestlab.engine.LabEngine;
import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.Blueprint;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code estimate --from NAME}: what a blueprint costs to keep, and what starting a lab from it
 * costs and takes, against building the lab from installers.
 */
final class BlueprintEstimate {
  private final Blueprint blueprint;

  private BlueprintEstimate(Blueprint blueprint) {
    this.blueprint = blueprint;
  }

  /** The estimate of blueprint {@code name}, or null when none was asked for. */
  static BlueprintEstimate of(StateOptions state, String name, Path file) {
    if (name == null) {
      if (file == null) {
        throw new InvalidSpecException(
            "command line",
            List.of(Problem.of("FILE", "is required: the lab file to price (or --from NAME)")));
      }
      return null;
    }
    return new BlueprintEstimate(LabEngine.builder(state.store()).build().blueprint(name));
  }

  String provider() {
    return blueprint.provider();
  }

  String region() {
    return blueprint.region();
  }

  LabSpec spec() {
    return blueprint.spec();
  }

  void print(PrintWriter out, LabSpec lab, Plan plan) {
    out.println();
    out.println(
        "From blueprint "
            + blueprint.name()
            + " ("
            + blueprint.provider()
            + " "
            + blueprint.region()
            + ", saved "
            + blueprint.created()
            + " from lab "
            + blueprint.sourceLab()
            + ", ESXi "
            + blueprint.esxiVersion()
            + (blueprint.vcenterVersion() == null ? "" : ", vCenter " + blueprint.vcenterVersion())
            + "):");
    out.println(
        "  storage: "
            + blueprint.billedGib()
            + " GiB of snapshot"
            + SnapshotStorage.perMonth(
                    blueprint.provider(), blueprint.region(), blueprint.billedGib())
                .map(m -> " = " + m + "/month, kept until " + blueprint.expires())
                .orElse(" (no snapshot rate in the catalog for this region)"));
    PlanOption option =
        plan.options().stream()
            .filter(o -> o.region().equals(blueprint.region()))
            .findFirst()
            .orElse(null);
    if (option == null) {
      out.println(
          "  restore: no option fits in "
              + blueprint.region()
              + ", where the blueprint is; copy it elsewhere with up --from "
              + blueprint.name()
              + " --region R --copy");
      return;
    }
    TypicalDurations restore = TypicalDurations.ofRestore(lab, option, ProviderSettings.empty());
    TypicalDurations install = TypicalDurations.of(lab, option, ProviderSettings.empty());
    Duration r = RestoreDurations.total(restore);
    Duration i = RestoreDurations.total(install);
    RestoreDurations.print(out, "  restore on " + option.instanceType(), restore);
    out.println(
        "  restore cost until ready: "
            + cost(option, r)
            + " (built from installers: "
            + cost(option, i)
            + " over about "
            + RestoreDurations.human(i)
            + "); then "
            + option.hourly()
            + "/h as any lab");
    if (blueprint.provider().equals("aws")) {
      out.println(
          "  option, not enabled: AWS Fast Snapshot Restore makes the restored volume fast from"
              + " its first read; it is billed per snapshot per Availability Zone per hour while"
              + " enabled (see the EBS pricing page); NestLab never turns it on");
    }
  }

  private static Money cost(PlanOption option, Duration d) {
    return option
        .hourly()
        .times(
            BigDecimal.valueOf(d.toSeconds())
                .divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_UP));
  }
}
