package io.nestlab.samples.cli;

import io.nestlab.engine.Checkpoint;
import io.nestlab.engine.LabEngine;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code nestlab checkpoints LAB} lists the lab's checkpoints; {@code nestlab checkpoints delete
 * LAB --name NAME} deletes one (as {@code blueprints delete}).
 */
@Command(
    name = "checkpoints",
    description = "List the lab's checkpoints with size and time.",
    subcommands = {CheckpointsCommand.Delete.class})
final class CheckpointsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  // optional for picocli, so that 'checkpoints delete LAB' does not ask the list for a lab
  @Parameters(index = "0", arity = "0..1", paramLabel = "LAB", description = "the lab id")
  String labId;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    if (labId == null) {
      throw new CommandLine.ParameterException(
          cmd.commandLine(),
          "Missing required parameter: 'LAB' (the lab id: nestlab checkpoints LAB; delete one"
              + " with: nestlab checkpoints delete LAB --name NAME)");
    }
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    List<Checkpoint> list = engine.checkpoints(labId, lab.overrides());
    if (JsonOutput.requested(cmd)) {
      List<Map<String, Object>> doc = new ArrayList<>();
      for (Checkpoint c : list) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("created", c.created() == null ? null : c.created().toString());
        m.put("bytes", c.bytes());
        doc.add(m);
      }
      JsonOutput.print(out, Map.of("checkpoints", doc));
      return ExitCode.OK;
    }
    if (list.isEmpty()) {
      out.println("lab " + labId + " has no checkpoint; write one: nestlab checkpoint " + labId);
      return ExitCode.OK;
    }
    out.printf("%-24s %-22s %s%n", "NAME", "CREATED", "SIZE");
    for (Checkpoint c : list) {
      out.printf(
          "%-24s %-22s %s%n",
          c.name(),
          c.created() == null ? "-" : c.created().truncatedTo(ChronoUnit.SECONDS),
          size(c.bytes()));
    }
    return ExitCode.OK;
  }

  static String size(long bytes) {
    double gib = bytes / (1024.0 * 1024 * 1024);
    return gib >= 1 ? String.format("%.1f GiB", gib) : (bytes / (1024 * 1024)) + " MiB";
  }

  /** {@code nestlab checkpoints delete LAB --name NAME}. */
  @Command(
      name = "delete",
      description = {
        "Delete a checkpoint of the lab from its host, freeing the space its overlays hold; the one"
            + " a paused rehearsal rolls back to is refused."
      })
  static final class Delete implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

    @Mixin LabCommandOptions lab;

    @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
    String labId;

    @CommandLine.Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "the checkpoint to delete (see: nestlab checkpoints LAB)")
    String name;

    @Override
    public Integer call() {
      PrintWriter out = cmd.commandLine().getOut();
      LabEngine engine = lab.engine(out);
      lab.checkProvider(engine.store().load(labId));
      engine.deleteCheckpoint(labId, name, lab.overrides());
      out.println(
          "checkpoint "
              + name
              + " of lab "
              + labId
              + " is deleted; the rest: nestlab checkpoints "
              + labId
              + lab.stateDirFlag());
      return ExitCode.OK;
    }
  }
}
