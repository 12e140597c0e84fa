package io.nestlab.samples.cli;

import io.nestlab.cost.CostMeter;
import io.nestlab.cost.CostReport;
import io.nestlab.cost.Money;
import io.nestlab.engine.LabEngine;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab cost [LAB]}: the exact cost so far from recorded transitions; no cloud call. */
@Command(
    name = "cost",
    description = {
      "Show what a lab has cost so far (from its recorded state changes), what it costs per hour",
      "now, and what it will have cost at the end of its lease. Without LAB, every lab and the total."
    })
final class CostCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", arity = "0..1", paramLabel = "LAB", description = "the lab id")
  String labId;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    Instant now = Instant.now();
    if (labId == null) {
      Money total = Money.ZERO;
      for (String id : engine.store().labIds()) {
        LabRecord r = engine.store().load(id);
        CostReport c = engine.cost(r);
        total = total.plus(c.accrued());
        out.printf(
            "%-32s %-10s %12s  now %s/h%n", id, LabFormat.status(r), c.accrued(), c.burnRate());
      }
      out.println("total " + total);
      return ExitCode.OK;
    }
    LabRecord r = engine.store().load(labId);
    lab.checkProvider(r);
    CostMeter meter = engine.meter(r);
    CostReport c = meter.report(now);
    out.println("lab        " + r.labId() + " (" + LabFormat.status(r) + ")");
    LabFormat.cost(out, c);
    out.println(
        "rates      instance "
            + meter.rates().instanceHourly()
            + "/h, disks "
            + meter.rates().diskHourly()
            + "/h, public IP "
            + meter.rates().publicIpHourly()
            + "/h");
    if (r.leaseUntil() != null
        && r.status() != LabStatus.DESTROYED
        && now.isBefore(r.leaseUntil())) {
      out.println(
          "projected  "
              + meter.projected(now, r.leaseUntil())
              + " by the end of the lease ("
              + LabFormat.time(r.leaseUntil())
              + ") if it stays "
              + c.state().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (r.spec() != null && r.spec().policy().budgetUsd() != null) {
      out.println(
          "budget     "
              + Money.usd(r.spec().policy().budgetUsd())
              + " (onBudget: "
              + r.spec().policy().onBudget()
              + ")");
    }
    return ExitCode.OK;
  }
}
