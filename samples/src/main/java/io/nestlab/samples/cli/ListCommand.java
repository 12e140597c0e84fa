package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code nestlab list}: every lab in the state directory. */
@Command(name = "list", description = "List the labs recorded in the state directory.")
final class ListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    return print(out, lab.engine(out));
  }

  static int print(PrintWriter out, LabEngine engine) {
    List<String> ids = engine.store().labIds();
    if (ids.isEmpty()) {
      out.println("no labs in " + engine.store().location());
      return ExitCode.OK;
    }
    out.printf(
        "%-32s %-10s %-6s %-20s %-20s %10s%n",
        "LAB", "STATUS", "CLOUD", "TYPE", "LEASE UNTIL", "COST");
    for (String id : ids) {
      LabRecord r = engine.store().load(id);
      out.printf(
          "%-32s %-10s %-6s %-20s %-20s %10s%n",
          id,
          LabFormat.status(r),
          r.provider(),
          r.plan() == null ? "-" : r.plan().instanceType(),
          LabFormat.time(r.leaseUntil()),
          engine.cost(r).accrued());
    }
    return ExitCode.OK;
  }
}
