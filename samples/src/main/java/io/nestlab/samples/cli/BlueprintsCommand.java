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
        "%-24s %-6s %-16s %-24s %-9s %7s %12s  %s%n",
        "NAME", "CLOUD", "REGION", "SNAPSHOT", "STATE", "GIB", "$/MONTH", "EXPIRES");
    for (BlueprintView v : all) {
      out.printf(
          "%-24s %-6s %-16s %-24s %-9s %7d %12s  %s%s%n",
          v.name(),
          v.provider(),
          v.region(),
          v.snapshotId(),
          v.tagged() || lab.provider != null ? v.state() : UNCHECKED,
          v.sizeGib(),
          v.storagePerMonth() == null ? "-" : v.storagePerMonth().toString(),
          v.expires() == null ? "-" : v.expires().toString(),
          v.recorded() ? "" : "  (tags only: saved elsewhere)");
    }
    if (lab.provider == null) {
      uncheckedNote(out, all);
    }
    return ExitCode.OK;
  }

  /** The STATE of a row only recorded here: the cloud was not asked (docs/design/0186). */
  static final String UNCHECKED = "unchecked";

  /**
   * Says that the rows come from the records here alone and how to have the cloud asked: a record
   * names its provider, not the settings (account, profile, fake directory) it was saved with, so
   * asking unasked could ask the wrong account (docs/design/0186).
   */
  private static void uncheckedNote(PrintWriter out, List<BlueprintView> all) {
    java.util.Set<String> providers = new java.util.TreeSet<>();
    all.forEach(v -> providers.add(v.provider()));
    List<String> commands = new ArrayList<>();
    providers.forEach(p -> commands.add("nestlab blueprints --provider " + p));
    out.println(
        "STATE unchecked: these are the records here; the cloud was not asked whether each"
            + " snapshot still exists and is ready. Ask it with: "
            + String.join(", ", commands)
            + " (with the settings the blueprint was saved with, such as --region or"
            + " --provider-opt)");
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
      io.nestlab.state.FileBlueprintStore.requireName(name);
      Blueprint rec = engine.blueprintStore().find(name).orElse(null);
      if (rec != null && lab.provider != null && !lab.provider.equals(rec.provider())) {
        // Asking another cloud would find nothing and forget the record: its snapshot would be
        // left to cost money until it expires.
        throw BlueprintStart.livesElsewhere(name, rec, lab.provider);
      }
      boolean recorded = rec != null;
      List<OwnedResource> gone = engine.deleteBlueprint(name, lab.provider, lab.overrides());
      if (!recorded && gone.isEmpty()) {
        // A name that names nothing, here or in the cloud: as 'down' of an unknown lab (exit 4).
        throw new io.nestlab.state.LabStateException(
            "no blueprint "
                + name
                + " is recorded in "
                + engine.blueprintStore().location()
                + ", and nothing on "
                + lab.provider
                + " is tagged "
                + io.nestlab.spi.BlueprintTags.BLUEPRINT
                + "="
                + name
                + "; 'nestlab blueprints --provider "
                + lab.provider
                + "' lists the ones it has");
      }
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
