package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.engine.WaitLevel;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code nestlab resume LAB}: continues a creation (or a destroy) cut short by a crash, or, for a
 * ready lab, its paused or interrupted upgrade rehearsal; it says which.
 */
@Command(
    name = "resume",
    description =
        "Continue creating (or destroying) a lab after the process driving it died, or continue"
            + " a ready lab's paused or interrupted rehearsal.")
final class ResumeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    LabRecord before = engine.store().load(labId);
    lab.checkProvider(before);
    if (before.status() == LabStatus.READY && LabEngine.rehearsalPending(before)) {
      out.println("lab " + labId + " is ready; continuing its upgrade rehearsal");
      return RehearsalFollow.follow(
          out, labId, lab.stateDirFlag(), () -> engine.continueRehearsal(labId, lab.overrides()));
    }
    LabRecord r = engine.resume(labId, lab.overrides(), WaitLevel.READY);
    out.println("lab " + r.labId() + " is " + LabFormat.status(r));
    return ExitCode.OK;
  }
}
