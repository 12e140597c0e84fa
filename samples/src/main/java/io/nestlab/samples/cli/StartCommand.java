package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab start LAB}. */
@Command(name = "start", description = "Start a stopped lab's host again.")
final class StartCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    LabRecord r = engine.start(labId, lab.overrides());
    out.println(
        "lab "
            + r.labId()
            + " is "
            + LabFormat.status(r)
            + (r.publicIp() == null ? "" : " at " + r.publicIp())
            + "; it costs "
            + engine.meter(r).rates().runningHourly()
            + "/h");
    return ExitCode.OK;
  }
}
