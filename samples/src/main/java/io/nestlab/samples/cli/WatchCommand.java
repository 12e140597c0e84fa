package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabView;
import io.nestlab.state.LabStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nestlab watch LAB}: applies the lab's budget and TTL guards every period, in the
 * foreground, so {@code onBudget: stop} lands before the budget is crossed even when nobody runs
 * {@code status}. Ends when a guard acted (exit 3) or the lab is gone.
 */
@Command(
    name = "watch",
    description = {
      "Watch a lab: ask the cloud every --every (default 1m) and apply its guards.",
      "Prints one line each time (state, cost so far, burn rate) and applies the budget and TTL"
          + " guards. Runs until a guard stops or destroys the lab (exit 3), the lab is stopped or"
          + " destroyed otherwise (exit 0), or Ctrl-C."
    })
final class WatchCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "how often to check, for example 30s or 5m (at least 1s; default 1m)")
  Duration every = Duration.ofMinutes(1);

  @Override
  public Integer call() throws InterruptedException {
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new io.nestlab.InvalidSpecException(
          "command line",
          java.util.List.of(io.nestlab.Problem.of("--every", "must be at least 1s, not " + every)));
    }
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    while (true) {
      LabView v = engine.enforceGuards(labId, lab.overrides());
      LabStatus status = v.record().status();
      out.println(
          TIME.format(Instant.now())
              + " "
              + status.name().toLowerCase(Locale.ROOT)
              + ", "
              + v.cost().accrued()
              + " so far, "
              + v.cost().burnRate()
              + "/h; "
              + (v.budget().verdict() == io.nestlab.cost.GuardDecision.Verdict.OK
                  ? v.ttl().message()
                  : v.budget().message()));
      out.flush();
      if (v.action() != null) {
        out.println("lab " + labId + " " + v.action());
        return ExitCode.STOPPED_BY_GUARD;
      }
      if (status == LabStatus.DESTROYED || status == LabStatus.STOPPED) {
        out.println("lab " + labId + " is " + status.name().toLowerCase(Locale.ROOT) + "; done");
        return ExitCode.OK;
      }
      Thread.sleep(every.toMillis());
    }
  }
}
