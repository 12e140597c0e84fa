package io.nestlab.samples.cli;

import io.nestlab.cost.CostMeter;
import io.nestlab.cost.CostReport;
import io.nestlab.cost.Money;
import io.nestlab.engine.LabEngine;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab cost [LAB]}: the exact cost so far from recorded transitions; no cloud call. */
@Command(
    name = "cost",
    description = {
      "Show what a lab has cost so far, what it costs per hour now, and by its lease end.",
      "The cost so far comes from its recorded state changes. Without LAB, every lab and the"
          + " total."
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
    if (JsonOutput.requested(cmd)) {
      JsonOutput.print(out, labId == null ? allJson(engine) : labJson(engine, now));
      return ExitCode.OK;
    }
    if (labId == null) {
      Money total = Money.ZERO;
      List<String> notes = new ArrayList<>();
      boolean unknown = false;
      for (String id : engine.store().labIds()) {
        // A damaged record is shown as such; the others are still counted.
        StoredLab stored = StoredLab.read(engine.store(), id);
        String note = stored.note(lab.stateDirFlag());
        if (note != null) {
          notes.add(note);
        }
        LabRecord r = stored.record();
        if (r == null) {
          if (stored.unreadable()) {
            unknown = true;
            out.printf("%-32s %-10s %12s  (unknown: its record is damaged)%n", id, "damaged", "-");
          }
          continue;
        }
        if (r.plan() == null) {
          out.printf("%-32s %-10s %12s%n", id, LabFormat.status(r), "-");
          continue;
        }
        CostReport c = engine.cost(r);
        total = total.plus(c.accrued());
        out.printf(
            "%-32s %-10s %12s  now %s/h%n", id, LabFormat.status(r), c.accrued(), c.burnRate());
      }
      total = BlueprintCosts.print(out, engine, now, total);
      out.println(
          "total " + total + (unknown ? " (without the labs whose record is damaged)" : ""));
      notes.forEach(out::println);
      return ExitCode.OK;
    }
    LabRecord r = engine.store().load(labId);
    lab.checkProvider(r);
    StoredLab.warnIfRecovered(engine.store(), labId, cmd.commandLine().getErr());
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
              + c.state().name().toLowerCase(Locale.ROOT));
    }
    Money budget = budget(r);
    if (budget != null) {
      out.println(
          "budget     "
              + budget
              + ", "
              + budget.minus(c.accrued())
              + " left (onBudget: "
              + r.spec().policy().onBudget()
              + ")");
    }
    return ExitCode.OK;
  }

  private static Money budget(LabRecord r) {
    return r.spec() == null || r.spec().policy().budgetUsd() == null
        ? null
        : Money.usd(r.spec().policy().budgetUsd());
  }

  private Map<String, Object> labJson(LabEngine engine, Instant now) {
    LabRecord r = engine.store().load(labId);
    lab.checkProvider(r);
    CostMeter meter = engine.meter(r);
    CostReport c = meter.report(now);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("id", r.labId());
    doc.put("status", LabFormat.status(r));
    doc.putAll(LabJson.cost(c));
    Map<String, Object> rates = new LinkedHashMap<>();
    rates.put("instanceUsdPerHour", LabJson.usd(meter.rates().instanceHourly()));
    rates.put("disksUsdPerHour", LabJson.usd(meter.rates().diskHourly()));
    rates.put("publicIpUsdPerHour", LabJson.usd(meter.rates().publicIpHourly()));
    doc.put("rates", rates);
    doc.put("leaseUntil", LabJson.time(r.leaseUntil()));
    boolean live =
        r.leaseUntil() != null && r.status() != LabStatus.DESTROYED && now.isBefore(r.leaseUntil());
    doc.put(
        "projectedUsdAtLeaseEnd", live ? LabJson.usd(meter.projected(now, r.leaseUntil())) : null);
    Money budget = budget(r);
    doc.put("budgetUsd", LabJson.usd(budget));
    doc.put("budgetLeftUsd", budget == null ? null : LabJson.usd(budget.minus(c.accrued())));
    doc.put(
        "onBudget",
        budget == null ? null : r.spec().policy().onBudget().name().toLowerCase(Locale.ROOT));
    return doc;
  }

  private static Map<String, Object> allJson(LabEngine engine) {
    Money total = Money.ZERO;
    List<Map<String, Object>> labs = new ArrayList<>();
    for (String id : engine.store().labIds()) {
      StoredLab stored = StoredLab.read(engine.store(), id);
      LabRecord r = stored.record();
      if (r == null && !stored.unreadable()) {
        continue; // removed meanwhile
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("status", r == null ? "damaged" : LabFormat.status(r));
      m.put("damaged", stored.damageJson());
      if (r == null || r.plan() == null) {
        m.put("accruedUsd", null);
        m.put("burnRateUsdPerHour", null);
      } else {
        CostReport c = engine.cost(r);
        total = total.plus(c.accrued());
        m.put("accruedUsd", LabJson.usd(c.accrued()));
        m.put("burnRateUsdPerHour", LabJson.usd(c.burnRate()));
      }
      labs.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("labs", labs);
    doc.put("blueprints", BlueprintCosts.json(engine, Instant.now()));
    total = total.plus(BlueprintCosts.total(engine, Instant.now()));
    doc.put("totalUsd", LabJson.usd(total));
    return doc;
  }
}
