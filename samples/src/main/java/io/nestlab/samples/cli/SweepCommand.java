package io.nestlab.samples.cli;

import io.nestlab.Problem;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.SweepOptions;
import io.nestlab.engine.SweepReport;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nestlab sweep [--dry-run] --provider P}: deletes resources whose lease has expired. */
@Command(
    name = "sweep",
    description = {
      "Delete every resource of a provider whose lease has passed.",
      "Works from the nestlab-lease-until tags alone (no state needed). --dry-run only lists"
          + " them."
    })
final class SweepCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Option(names = "--dry-run", description = "list what would be deleted; delete nothing")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    if (lab.provider == null) {
      throw new io.nestlab.InvalidSpecException(
          "command line",
          List.of(Problem.of("--provider", "is required; sweep one provider at a time")));
    }
    LabEngine engine = lab.engine(out);
    SweepReport report =
        engine.sweep(
            lab.provider,
            lab.overrides(),
            dryRun ? SweepOptions.dryRunOnly() : SweepOptions.deleteExpired());
    for (OwnedResource r : report.expired()) {
      out.println(
          (dryRun ? "would delete " : "deleted ")
              + r.describe()
              + (BlueprintTags.isBlueprint(r.tags())
                  ? " of blueprint " + r.tags().get(BlueprintTags.BLUEPRINT)
                  : " of lab " + r.tags().get(LabTags.LAB))
              + (BlueprintTags.isBlueprint(r.tags()) ? " (expired " : " (lease until ")
              + r.tags().get(LabTags.LEASE_UNTIL)
              + ")");
    }
    for (OwnedResource r : report.skipped()) {
      out.println("skipped " + r.describe() + ": no readable " + LabTags.LEASE_UNTIL + " tag");
    }
    out.println(
        report.expired().isEmpty()
            ? "nothing has an expired lease"
            : (dryRun
                ? report.expired().size() + " resources would be deleted"
                : report.deleted().size() + " resources deleted"));
    return ExitCode.OK;
  }
}
