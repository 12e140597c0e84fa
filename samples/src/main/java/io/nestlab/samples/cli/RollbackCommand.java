package io.nestlab.samples.cli;

import io.nestlab.engine.Checkpoint;
import io.nestlab.engine.LabEngine;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab rollback LAB [--to NAME]}. */
@Command(
    name = "rollback",
    description =
        "Return the lab to a checkpoint and wait until vCenter and every host answer again.")
final class RollbackCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @CommandLine.Option(
      names = "--to",
      paramLabel = "NAME",
      description = "the checkpoint (default: pre-upgrade)")
  String to = Checkpoint.DEFAULT_NAME;

  @CommandLine.Option(
      names = "--force",
      description =
          "also give up a rehearsal that was interrupted on the host (killed, or the host"
              + " rebooted); make sure nothing it started still runs")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    engine.rollback(labId, to, force, lab.overrides());
    out.println("lab " + labId + " is back at checkpoint " + to);
    return ExitCode.OK;
  }
}
