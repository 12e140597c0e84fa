package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabView;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab status [LAB]}: asks the cloud, follows progress, applies budget and TTL. */
@Command(
    name = "status",
    description = {
      "Show a lab as the cloud sees it now, with its cost; apply its budget and TTL guards.",
      "Without LAB, list every lab briefly. Exit 3 when a guard stopped or destroyed the lab."
    })
final class StatusCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", arity = "0..1", paramLabel = "LAB", description = "the lab id")
  String labId;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    boolean json = JsonOutput.requested(cmd);
    if (labId == null) {
      return ListCommand.printState(out, engine, json);
    }
    LabRecord rec = engine.store().load(labId);
    lab.checkProvider(rec);
    StoredLab.warnIfRecovered(engine.store(), labId, cmd.commandLine().getErr());
    LabView v = engine.enforceGuards(labId, lab.overrides());
    if (json) {
      Map<String, Object> doc = LabJson.lab(engine, v.record());
      doc.put(
          "hostState", v.host() == null ? null : v.host().state().name().toLowerCase(Locale.ROOT));
      doc.put("cost", LabJson.cost(v.cost()));
      doc.put("budget", LabJson.guard(v.budget()));
      doc.put("ttl", LabJson.guard(v.ttl()));
      doc.put("guardAction", v.action());
      JsonOutput.print(out, doc);
    } else {
      LabFormat.lab(out, v);
    }
    return v.action() != null ? ExitCode.STOPPED_BY_GUARD : ExitCode.OK;
  }
}
