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

  @CommandLine.Option(
      names = "--force",
      description = "stop even a lab whose nested disks are on local NVMe, which a stop erases")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    LabRecord before = engine.store().load(labId);
    lab.checkProvider(before);
    if (!force
        && before.plan() != null
        && before.plan().dataDiskGib() == 0
        && !Terminal.confirm(
            out,
            "Lab "
                + labId
                + " keeps its ESXi hosts' disks on the local NVMe of "
                + before.plan().instanceType()
                + ", which a stop erases. Stop it anyway? [y/N] ",
            "--force",
            "to stop it anyway (its ESXi hosts' disks are erased; 'nestlab down "
                + labId
                + "' deletes the lab instead)")) {
      // Instance storage does not survive a stop: the ESXi hosts' disks would be gone.
      out.println("not stopped");
      return ExitCode.OK;
    }
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
