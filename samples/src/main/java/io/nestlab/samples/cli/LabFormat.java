package io.nestlab.samples.cli;

import io.nestlab.cost.CostReport;
import io.nestlab.cost.GuardDecision;
import io.nestlab.cost.Money;
import io.nestlab.engine.LabView;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How lab commands print labs, costs and guard decisions. */
final class LabFormat {
  private LabFormat() {}

  static String status(LabRecord r) {
    return r.status().name().toLowerCase(Locale.ROOT);
  }

  /** An enum constant as the output spells words: {@code ON_DEMAND} is {@code on-demand}. */
  static String word(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String time(Instant t) {
    return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String hours(Duration d) {
    long m = d.toMinutes();
    return m / 60 + "h" + String.format(Locale.ROOT, "%02d", m % 60) + "m";
  }

  static void lab(PrintWriter out, LabView v) {
    LabRecord r = v.record();
    out.println("lab        " + r.labId() + " (" + r.name() + ")");
    out.println(
        "status     " + status(r) + (r.lastPhase() == null ? "" : ", bootstrap: " + r.lastPhase()));
    out.println(
        "where      "
            + r.provider()
            + " "
            + r.region()
            + " "
            + (r.plan() == null ? "" : r.plan().instanceType() + " " + word(r.plan().market())));
    if (r.host() != null) {
      out.println(
          "host       "
              + r.host().id()
              + (v.host() == null ? "" : " " + v.host().state().name().toLowerCase(Locale.ROOT))
              + (v.host() != null && v.host().publicIp() != null ? " " + v.host().publicIp() : ""));
    }
    out.println("created    " + time(r.created()) + " by " + r.owner());
    out.println("lease      until " + time(r.leaseUntil()));
    cost(out, v.cost());
    out.println("budget     " + decision(v.budget()));
    out.println("ttl        " + decision(v.ttl()));
    if (r.lastError() != null) {
      out.println("last error " + r.lastError());
    }
    if (v.action() != null) {
      out.println("GUARD      " + v.action());
    }
  }

  static void cost(PrintWriter out, CostReport c) {
    out.println(
        "cost       "
            + c.accrued()
            + " so far (instance "
            + c.instance()
            + ", disks "
            + c.disks()
            + ", public IP "
            + c.publicIp()
            + "); now "
            + c.burnRate()
            + "/h");
    out.println("time       running " + hours(c.running()) + ", stopped " + hours(c.stopped()));
  }

  static String decision(GuardDecision d) {
    return switch (d.verdict()) {
      case OK -> d.message();
      case WARN -> "WARNING: " + d.message();
      case ACT -> "ACT: " + d.message();
    };
  }

  static String money(Money m) {
    return m.toString();
  }
}
