package io.nestlab.samples.cli;

import io.nestlab.cost.CostReport;
import io.nestlab.cost.GuardDecision;
import io.nestlab.cost.Money;
import io.nestlab.engine.LabEngine;
import io.nestlab.state.LabRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of labs and costs (docs/cli.md). Every field is always present (null when not
 * known), money is a number of US dollars with four decimals, times are ISO-8601 UTC instants.
 */
final class LabJson {
  private LabJson() {}

  static BigDecimal usd(Money m) {
    return m == null ? null : m.rounded(4);
  }

  static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A lab from its state: what {@code list} and {@code status} print for it. */
  static Map<String, Object> lab(LabEngine engine, LabRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.labId());
    m.put("name", r.name());
    m.put("status", LabFormat.status(r));
    m.put("provider", r.provider());
    m.put("region", r.region());
    m.put("instanceType", r.plan() == null ? null : r.plan().instanceType());
    m.put("owner", r.owner());
    m.put("created", time(r.created()));
    m.put("leaseUntil", time(r.leaseUntil()));
    m.put("publicIp", r.publicIp());
    m.put("lastPhase", r.lastPhase());
    m.put("lastError", r.lastError());
    CostReport c = r.plan() == null ? null : engine.cost(r);
    m.put("accruedUsd", c == null ? null : usd(c.accrued()));
    m.put("burnRateUsdPerHour", c == null ? null : usd(c.burnRate()));
    return m;
  }

  /** A cost report: accrued, its parts, the burn rate and the time running and stopped. */
  static Map<String, Object> cost(CostReport c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accruedUsd", usd(c.accrued()));
    m.put("instanceUsd", usd(c.instance()));
    m.put("disksUsd", usd(c.disks()));
    m.put("publicIpUsd", usd(c.publicIp()));
    m.put("burnRateUsdPerHour", usd(c.burnRate()));
    m.put("state", c.state().name().toLowerCase(Locale.ROOT));
    m.put("runningSeconds", c.running().toSeconds());
    m.put("stoppedSeconds", c.stopped().toSeconds());
    return m;
  }

  /** A guard's decision: {@code ok}, {@code warn} or {@code act}, and why. */
  static Map<String, Object> guard(GuardDecision d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verdict", d.verdict().name().toLowerCase(Locale.ROOT));
    m.put("message", d.message());
    return m;
  }
}
