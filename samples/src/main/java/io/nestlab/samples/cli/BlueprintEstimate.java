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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /** The cheapest option in the blueprint's region, where a lab can start from it; or null. */
  private PlanOption restoreOption(Plan plan) {
    return plan.options().stream()
        .filter(o -> o.region().equals(blueprint.region()))
        .findFirst()
        .orElse(null);
  }

  private Optional<Money> storagePerMonth() {
    return SnapshotStorage.perMonth(
        blueprint.provider(), blueprint.region(), blueprint.billedGib());
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
            + storagePerMonth()
                .map(m -> " = " + m + "/month, kept until " + blueprint.expires())
                .orElse(" (no snapshot rate in the catalog for this region)"));
    PlanOption option = restoreOption(plan);
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

  /**
   * The {@code blueprint} member of {@code estimate --from NAME --json} (docs/cli.md): what the
   * text shows, as numbers. {@code restore} and {@code fromInstallers} are null when no option fits
   * in the blueprint's region.
   */
  Map<String, Object> json(LabSpec lab, Plan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", blueprint.name());
    m.put("provider", blueprint.provider());
    m.put("region", blueprint.region());
    m.put("created", blueprint.created() == null ? null : blueprint.created().toString());
    m.put("expires", blueprint.expires() == null ? null : blueprint.expires().toString());
    m.put("sourceLab", blueprint.sourceLab());
    m.put("esxiVersion", blueprint.esxiVersion());
    m.put("vcenterVersion", blueprint.vcenterVersion());
    m.put("storageGib", blueprint.billedGib());
    m.put("storageUsdPerMonth", storagePerMonth().map(LabJson::usd).orElse(null));
    PlanOption option = restoreOption(plan);
    if (option == null) {
      m.put("restore", null);
      m.put("fromInstallers", null);
      return m;
    }
    TypicalDurations restore = TypicalDurations.ofRestore(lab, option, ProviderSettings.empty());
    TypicalDurations install = TypicalDurations.of(lab, option, ProviderSettings.empty());
    Map<String, Object> r = timeAndCost(option, RestoreDurations.total(restore));
    r.put("instanceType", option.instanceType());
    r.put("hourlyUsd", LabJson.usd(option.hourly()));
    List<Map<String, Object>> phases = new ArrayList<>();
    RestoreDurations.rows(restore)
        .forEach(
            (phase, d) -> {
              Map<String, Object> p = new LinkedHashMap<>();
              p.put("phase", phase);
              p.put("seconds", d.toSeconds());
              phases.add(p);
            });
    r.put("phases", phases);
    m.put("restore", r);
    m.put("fromInstallers", timeAndCost(option, RestoreDurations.total(install)));
    return m;
  }

  /** {@code plan}'s JSON document with {@code blueprint} added as its member "blueprint". */
  static Map<String, Object> withPlan(Plan plan, Map<String, Object> blueprint) {
    Map<String, Object> doc;
    try {
      doc =
          io.nestlab.internal.io.Json.mapper()
              .readValue(
                  plan.toJson(),
                  new com.fasterxml.jackson.core.type.TypeReference<
                      LinkedHashMap<String, Object>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot read the plan's own JSON: " + e.getMessage(), e);
    }
    doc.put("blueprint", blueprint);
    return doc;
  }

  private static Map<String, Object> timeAndCost(PlanOption option, Duration d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", d.toSeconds());
    m.put("costUsd", LabJson.usd(cost(option, d)));
    return m;
  }

  private static Money cost(PlanOption option, Duration d) {
    return option
        .hourly()
        .times(
            BigDecimal.valueOf(d.toSeconds())
                .divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_UP));
  }
}
