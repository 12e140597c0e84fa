package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.engine.WaitLevel;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab resume LAB}: continues a creation (or a destroy) cut short by a crash. */
@Command(
    name = "resume",
    description = "Continue creating (or destroying) a lab after the process driving it died.")
final class ResumeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    LabRecord r = engine.resume(labId, lab.overrides(), WaitLevel.READY);
    out.println("lab " + r.labId() + " is " + LabFormat.status(r));
    return ExitCode.OK;
  }
}
