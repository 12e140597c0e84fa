package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.engine.SaveOptions;
import io.nestlab.state.Blueprint;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nestlab save LAB --as NAME [--stop]}: saves a ready lab as a blueprint. */
@Command(
    name = "save",
    description = {
      "Save a ready lab as a blueprint: shut its nested lab down cleanly, snapshot its host's data"
          + " disk (encrypted, private), record it, then start the nested lab again (or stop the"
          + " host with --stop).",
      "Start labs from it in minutes: nestlab up FILE --from NAME (docs/blueprints.md)."
    })
final class SaveCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @Option(
      names = "--as",
      required = true,
      paramLabel = "NAME",
      description = "the blueprint's name: lowercase letters, digits and '-'")
  String name;

  @Option(names = "--stop", description = "stop the lab's host afterwards (disks keep costing)")
  boolean stop;

  @Option(
      names = "--keep-for",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "how long the blueprint lives before sweep deletes it (default: 30d)")
  Duration keepFor = SaveOptions.DEFAULT_KEEP;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    io.nestlab.state.FileBlueprintStore.requireName(name); // bad input before any state is read
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    SaveOptions options =
        (stop ? SaveOptions.stop() : SaveOptions.keepRunning()).withKeepFor(keepFor);
    Blueprint b = engine.save(labId, name, options, lab.overrides());
    out.println(
        "blueprint "
            + b.name()
            + " saved from lab "
            + labId
            + ": snapshot "
            + b.snapshotId()
            + " in "
            + b.region()
            + ", "
            + b.sizeGib()
            + " GiB"
            + BlueprintsCommand.monthly(b)
            + ", expires "
            + b.expires());
    out.println(
        "lab "
            + labId
            + (stop ? " is stopped; its disks keep costing" : " is running again")
            + "; start labs from the blueprint: nestlab up FILE --from "
            + b.name()
            + lab.stateDirFlag());
    return ExitCode.OK;
  }
}
