package io.nestlab.samples.cli;

import io.nestlab.cost.Money;
import io.nestlab.engine.LabEngine;
import io.nestlab.state.Blueprint;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blueprints' storage in {@code cost}: what each has cost since it was saved (at the catalog's
 * snapshot rate, by the 730-hour month) and what it costs per month.
 */
final class BlueprintCosts {
  private BlueprintCosts() {}

  /** Storage of {@code b} from its creation to {@code now} (or its expiry, if earlier). */
  static Money accrued(Blueprint b, Instant now) {
    if (b.storageUsdPerMonth() == null || b.created() == null) {
      return Money.ZERO;
    }
    Instant end = b.expires() != null && b.expires().isBefore(now) ? b.expires() : now;
    long seconds = Math.max(0, Duration.between(b.created(), end).toSeconds());
    BigDecimal months =
        BigDecimal.valueOf(seconds)
            .divide(BigDecimal.valueOf(730L * 3600), 10, RoundingMode.HALF_UP);
    return Money.usd(b.storageUsdPerMonth().multiply(months));
  }

  /** Prints one line per blueprint; returns {@code total} plus their storage so far. */
  static Money print(PrintWriter out, LabEngine engine, Instant now, Money total) {
    Money sum = total;
    for (Blueprint b : engine.blueprintStore().list()) {
      Money so = accrued(b, now);
      sum = sum.plus(so);
      out.printf(
          "%-32s %-10s %12s  storage %s/month (%d GiB)%n",
          "blueprint " + b.name(),
          "saved",
          so,
          b.storageUsdPerMonth() == null ? "-" : Money.usd(b.storageUsdPerMonth()).toString(),
          b.billedGib());
    }
    return sum;
  }

  /** The blueprints for {@code cost --json}. */
  static List<Map<String, Object>> json(LabEngine engine, Instant now) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Blueprint b : engine.blueprintStore().list()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", b.name());
      m.put("sizeGib", b.billedGib());
      m.put("accruedUsd", LabJson.usd(accrued(b, now)));
      m.put(
          "storageUsdPerMonth",
          b.storageUsdPerMonth() == null ? null : LabJson.usd(Money.usd(b.storageUsdPerMonth())));
      rows.add(m);
    }
    return rows;
  }

  /** The blueprints' storage so far, for the total. */
  static Money total(LabEngine engine, Instant now) {
    Money sum = Money.ZERO;
    for (Blueprint b : engine.blueprintStore().list()) {
      sum = sum.plus(accrued(b, now));
    }
    return sum;
  }
}
