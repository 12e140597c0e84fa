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

  @Option(
      names = "--daemon",
      description =
          "keep sweeping every --every while this process leads the state store's sweeper role;"
              + " other runners stand by (docs/fleet.md#one-sweeper); stops on SIGTERM or Ctrl-C")
  boolean daemon;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "with --daemon: how long between two sweeps (default 10m); refused without --daemon")
  java.time.Duration every = java.time.Duration.ofMinutes(10);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = cmd.commandLine().getOut();
    CommandLine.Model.OptionSpec everyGiven =
        cmd.commandLine().getParseResult().matchedOption("--every");
    if (!daemon && everyGiven != null) {
      // one sweep has no period: refuse rather than ignore it (docs/cli.md)
      throw new CommandLine.ParameterException(
          cmd.commandLine(),
          "--every works only with --daemon, which repeats the sweep: add --daemon to sweep every "
              + everyGiven.stringValues().get(0)
              + ", or drop --every for one sweep");
    }
    if (lab.provider == null) {
      throw new io.nestlab.InvalidSpecException(
          "command line",
          List.of(Problem.of("--provider", "is required; sweep one provider at a time")));
    }
    LabEngine engine = lab.engine(out);
    if (daemon) {
      return SweepCommand.daemon(out, engine, lab, dryRun, every);
    }
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

  private static int daemon(
      PrintWriter out,
      LabEngine engine,
      LabCommandOptions lab,
      boolean dryRun,
      java.time.Duration every)
      throws InterruptedException {
    if (dryRun || every.isNegative() || every.isZero()) {
      throw new io.nestlab.InvalidSpecException(
          "command line",
          List.of(
              dryRun
                  ? Problem.of("--dry-run", "cannot go with --daemon; run one 'sweep --dry-run'")
                  : Problem.of("--every", every + " is not a positive duration")));
    }
    SweepDaemon sweeper = new SweepDaemon(out, engine, lab.provider, lab.overrides());
    // SIGTERM and Ctrl-C run shutdown hooks: end the round, release the lease, then exit.
    Thread hook =
        new Thread(
            () -> {
              try {
                sweeper.stop(java.time.Duration.ofMinutes(2));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "nestlab-sweeper-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    sweeper.run(every);
    return ExitCode.OK;
  }
}
