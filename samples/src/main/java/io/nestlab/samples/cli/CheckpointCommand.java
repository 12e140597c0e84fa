package io.nestlab.samples.cli;

import io.nestlab.engine.Checkpoint;
import io.nestlab.engine.LabEngine;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab checkpoint LAB [--name NAME]}. */
@Command(
    name = "checkpoint",
    description = "Write a named restore point of the whole lab on its host (qcow2 overlays).")
final class CheckpointCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @CommandLine.Option(
      names = "--name",
      paramLabel = "NAME",
      description = "the checkpoint's name (default: pre-upgrade; an existing one is replaced)")
  String name = Checkpoint.DEFAULT_NAME;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    Checkpoint c = engine.checkpoint(labId, name, lab.overrides());
    out.println(
        "checkpoint "
            + c.name()
            + " of lab "
            + labId
            + " written ("
            + CheckpointsCommand.size(c.bytes())
            + "); roll back with: nestlab rollback "
            + labId
            + " --to "
            + c.name()
            + lab.stateDirFlag());
    return ExitCode.OK;
  }
}
