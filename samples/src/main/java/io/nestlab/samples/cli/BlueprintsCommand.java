package io.nestlab.samples.cli;

import io.nestlab.engine.BlueprintView;
import io.nestlab.engine.LabEngine;
import io.nestlab.spi.OwnedResource;
import io.nestlab.state.Blueprint;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code nestlab blueprints [--json]} lists blueprints (recorded here and, with {@code --provider},
 * found by their tags); {@code nestlab blueprints delete NAME} deletes one.
 */
@Command(
    name = "blueprints",
    description = {
      "List the blueprints recorded here with size and storage cost per month; with --provider,"
          + " merged with the ones the cloud's tags show (docs/blueprints.md)."
    },
    subcommands = {BlueprintsCommand.Delete.class})
final class BlueprintsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    List<BlueprintView> all = engine.blueprints(lab.provider, lab.overrides());
    if (JsonOutput.requested(cmd)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (BlueprintView v : all) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("provider", v.provider());
        m.put("region", v.region());
        m.put("snapshot", v.snapshotId());
        m.put("state", v.state());
        m.put("sizeGib", v.sizeGib());
        m.put("storageUsdPerMonth", v.storagePerMonth() == null ? null : v.storagePerMonth().usd());
        m.put("created", v.created() == null ? null : v.created().toString());
        m.put("expires", v.expires() == null ? null : v.expires().toString());
        m.put("recorded", v.recorded());
        m.put("tagged", v.tagged());
        Blueprint b = v.record();
        m.put("sourceLab", b == null ? null : b.sourceLab());
        m.put("esxiVersion", b == null ? null : b.esxiVersion());
        m.put("vcenterVersion", b == null ? null : b.vcenterVersion());
        rows.add(m);
      }
      JsonOutput.print(out, Map.of("blueprints", rows));
      return ExitCode.OK;
    }
    if (all.isEmpty()) {
      out.println(
          "no blueprints"
              + (lab.provider == null ? " recorded here (add --provider ID to ask the cloud)" : "")
              + "; make one with: nestlab save LAB --as NAME");
      return ExitCode.OK;
    }
    out.printf(
        "%-24s %-6s %-16s %-24s %-8s %7s %12s  %s%n",
        "NAME", "CLOUD", "REGION", "SNAPSHOT", "STATE", "GIB", "$/MONTH", "EXPIRES");
    for (BlueprintView v : all) {
      out.printf(
          "%-24s %-6s %-16s %-24s %-8s %7d %12s  %s%s%n",
          v.name(),
          v.provider(),
          v.region(),
          v.snapshotId(),
          v.state(),
          v.sizeGib(),
          v.storagePerMonth() == null ? "-" : v.storagePerMonth().toString(),
          v.expires() == null ? "-" : v.expires().toString(),
          v.recorded() ? "" : "  (tags only: saved elsewhere)");
    }
    return ExitCode.OK;
  }

  /** {@code ", $20.00/month"} or nothing when no rate is known. */
  static String monthly(Blueprint b) {
    return b.storageUsdPerMonth() == null
        ? ""
        : ", " + io.nestlab.cost.Money.usd(b.storageUsdPerMonth()) + "/month";
  }

  /** {@code nestlab blueprints delete NAME}. */
  @Command(
      name = "delete",
      description = {
        "Delete a blueprint: every snapshot tagged with it (copies in other regions too), then its"
            + " record here."
      })
  static final class Delete implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

    @Mixin LabCommandOptions lab;

    @Parameters(index = "0", paramLabel = "NAME", description = "the blueprint's name")
    String name;

    @Override
    public Integer call() {
      PrintWriter out = cmd.commandLine().getOut();
      LabEngine engine = lab.engine(out);
      List<OwnedResource> gone = engine.deleteBlueprint(name, lab.provider, lab.overrides());
      for (OwnedResource r : gone) {
        out.println("deleted " + r.describe());
      }
      out.println(
          "blueprint "
              + name
              + " is deleted"
              + (gone.isEmpty() ? " (the cloud had no snapshot of it left)" : "")
              + "; nothing tagged with it is left");
      return ExitCode.OK;
    }
  }
}
