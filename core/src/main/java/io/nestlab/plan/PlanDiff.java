package io.nestlab.plan;

import io.nestlab.catalog.Catalog;
import io.nestlab.cost.Money;
import io.nestlab.spec.LabSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What changes between the best plans of two specs (for example before and after adding a host):
 * the L1 requirements, the chosen option, and the hourly cost.
 *
 * @param before the best option of the first plan, or null when nothing fitted
 * @param after the best option of the second plan, or null when nothing fitted
 * @param changes one line per difference, in a fixed order; empty when the plans' best options and
 *     requirements are the same
 * @param hourlyChange after minus before, per hour; null when either side has no option
 */
public record PlanDiff(
    PlanOption before, PlanOption after, List<String> changes, Money hourlyChange) {

  public PlanDiff {
    changes = List.copyOf(changes);
  }

  /** Plans both specs over {@code catalog} with the same options and compares the best plans. */
  public static PlanDiff of(LabSpec before, LabSpec after, Catalog catalog, PlanOptions options) {
    return between(Planner.plan(before, catalog, options), Planner.plan(after, catalog, options));
  }

  /** Compares the best options and requirements of two plans. */
  public static PlanDiff between(Plan before, Plan after) {
    List<String> changes = new ArrayList<>();
    Requirements a = before.requirements();
    Requirements b = after.requirements();
    change(changes, "L1 vCPUs", num(a.l1Vcpus()), num(b.l1Vcpus()));
    change(changes, "L1 memory GiB", num(a.l1MemoryGib()), num(b.l1MemoryGib()));
    change(changes, "data disk GiB", a.dataDiskGib(), b.dataDiskGib());
    PlanOption x = before.best().orElse(null);
    PlanOption y = after.best().orElse(null);
    Money delta = null;
    if (x == null && y == null) {
      if (!before.infeasible().equals(after.infeasible())) {
        changes.add("still no option fits; reasons now: " + reasons(after));
      }
    } else if (x == null) {
      changes.add("now fits: " + describe(y) + " (before: " + reasons(before) + ")");
    } else if (y == null) {
      changes.add("no longer fits: " + reasons(after) + " (before: " + describe(x) + ")");
    } else {
      change(changes, "provider", x.provider(), y.provider());
      change(changes, "region", x.region(), y.region());
      change(changes, "instance type", x.instanceType(), y.instanceType());
      change(changes, "market", lower(x.market().name()), lower(y.market().name()));
      change(changes, "nesting depth", x.nestingDepth(), y.nestingDepth());
      change(changes, "support", lower(x.support().name()), lower(y.support().name()));
      change(changes, "data disk on L1", x.dataDiskGib(), y.dataDiskGib());
      delta = y.hourly().minus(x.hourly());
      if (delta.usd().signum() != 0) {
        changes.add(
            "hourly cost: "
                + x.hourly()
                + " -> "
                + y.hourly()
                + " ("
                + signed(delta)
                + percent(delta, x.hourly())
                + ")");
      }
    }
    return new PlanDiff(x, y, changes, delta);
  }

  public Optional<PlanOption> beforeIfPresent() {
    return Optional.ofNullable(before);
  }

  public Optional<PlanOption> afterIfPresent() {
    return Optional.ofNullable(after);
  }

  /** Whether anything a user would notice changed. */
  public boolean changed() {
    return !changes.isEmpty();
  }

  /** One change a line, or "no change". */
  public String toText() {
    return changes.isEmpty() ? "no change\n" : String.join("\n", changes) + "\n";
  }

  private static void change(List<String> out, String what, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      out.add(what + ": " + a + " -> " + b);
    }
  }

  private static String describe(PlanOption o) {
    return o.provider() + " " + o.region() + " " + o.instanceType() + " at " + o.hourly() + "/h";
  }

  private static String reasons(Plan p) {
    List<String> r = new ArrayList<>();
    for (Infeasible i : p.infeasible()) {
      r.add(i.provider() + ": " + i.reason());
    }
    return r.isEmpty() ? "no provider considered" : String.join("; ", r);
  }

  private static String signed(Money m) {
    return (m.isNegative() ? "" : "+") + m + "/h";
  }

  private static String percent(Money delta, Money base) {
    if (base.usd().signum() == 0) {
      return "";
    }
    BigDecimal pct =
        delta.usd().multiply(BigDecimal.valueOf(100)).divide(base.usd(), 1, RoundingMode.HALF_UP);
    return ", " + (pct.signum() >= 0 ? "+" : "") + pct.toPlainString() + "%";
  }

  private static String num(double d) {
    return Planner.fmt(Math.round(d * 100) / 100.0);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
