package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab down LAB}: destroys everything of the lab, from any point. */
@Command(
    name = "down",
    description = {
      "Destroy a lab from whatever point it reached (also after a crash): delete every resource",
      "tagged with its id and verify by listing that nothing is left."
    })
final class DownCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    LabRecord r = engine.destroy(labId, lab.overrides());
    out.println(
        "lab "
            + r.labId()
            + " is "
            + LabFormat.status(r)
            + ": nothing tagged with it is left; it cost "
            + engine.cost(r).accrued());
    return ExitCode.OK;
  }
}
