package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab stop LAB}. */
@Command(name = "stop", description = "Stop a lab's host. Its disks keep costing until 'down'.")
final class StopCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    LabRecord r = engine.stop(labId, lab.overrides());
    out.println(
        "lab "
            + r.labId()
            + " is "
            + LabFormat.status(r)
            + "; disks cost "
            + engine.meter(r).rates().diskHourly()
            + "/h until 'nestlab down "
            + r.labId()
            + "'");
    return ExitCode.OK;
  }
}
