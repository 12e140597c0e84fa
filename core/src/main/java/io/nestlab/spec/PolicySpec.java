package io.nestlab.spec;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Money and lifetime limits, and how densely the lab may be packed.
 *
 * @param ttl how long the lab may live; the lease ends then
 * @param budgetUsd the most the lab may cost, in US dollars; null for no budget
 * @param onBudget what happens before the budget is crossed
 * @param memoryOvercommit nested memory per physical memory, 1.0 .. 3.0
 * @param cpuOvercommit nested vCPUs per L1 vCPU
 */
public record PolicySpec(
    Duration ttl,
    BigDecimal budgetUsd,
    BudgetAction onBudget,
    double memoryOvercommit,
    double cpuOvercommit) {

  public static final Duration DEFAULT_TTL = Duration.ofHours(8);

  public PolicySpec {
    onBudget = onBudget == null ? BudgetAction.STOP : onBudget;
  }

  public static PolicySpec defaults() {
    return new PolicySpec(DEFAULT_TTL, null, BudgetAction.STOP, 1.0, 4.0);
  }
}
