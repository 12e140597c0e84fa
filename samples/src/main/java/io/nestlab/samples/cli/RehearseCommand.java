package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.engine.RehearsalOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab rehearse LAB}: the upgrade rehearsal, run on the lab's host and followed. */
@Command(
    name = "rehearse",
    description =
        "Rehearse the lab's upgrade on its host: precheck, checkpoint, vCenter, each ESXi host,"
            + " verify, report (docs/rehearsal.md).")
final class RehearseCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @CommandLine.Option(names = "--dry-run", description = "run the prechecks only")
  boolean dryRun;

  @CommandLine.Option(
      names = "--stop-after",
      paramLabel = "STEP",
      description = "pause after this step (vcenter, esx-01, ...); 'nestlab resume LAB' continues")
  String stopAfter;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    return RehearsalFollow.follow(
        out,
        labId,
        lab.stateDirFlag(),
        () -> engine.rehearse(labId, new RehearsalOptions(dryRun, stopAfter), lab.overrides()));
  }
}
