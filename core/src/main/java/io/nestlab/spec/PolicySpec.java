package io.nestlab.spec;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Money and lifetime limits, and how densely the lab may be packed onto its L1 instance.
 *
 * @param ttl how long the lab may live (at most 30 days); the lease ends then
 * @param budgetUsd the most the lab may cost, in US dollars; null for no budget
 * @param onBudget what happens before the budget is crossed
 * @param memoryOvercommit the ESXi hosts' memory per GiB of L1 memory, 1.0 .. 3.0
 * @param cpuOvercommit the ESXi hosts' vCPUs per L1 vCPU, 1.0 .. 8.0
 */
public record PolicySpec(
    Duration ttl,
    BigDecimal budgetUsd,
    BudgetAction onBudget,
    double memoryOvercommit,
    double cpuOvercommit) {

  public static final Duration DEFAULT_TTL = Duration.ofHours(8);
  public static final Duration MAX_TTL = Duration.ofDays(30);
  public static final BudgetAction DEFAULT_ON_BUDGET = BudgetAction.STOP;
  public static final double DEFAULT_MEMORY_OVERCOMMIT = 1.0;
  public static final double DEFAULT_CPU_OVERCOMMIT = 4.0;

  public PolicySpec {
    ttl = ttl == null ? DEFAULT_TTL : ttl;
    onBudget = onBudget == null ? DEFAULT_ON_BUDGET : onBudget;
    budgetUsd = plain(budgetUsd);
  }

  /**
   * The amount as written, except that a negative scale ({@code 1E+2}) becomes a plain number
   * ({@code 100}), which every file format can hold.
   */
  static BigDecimal plain(BigDecimal amount) {
    return amount == null || amount.scale() >= 0 ? amount : amount.setScale(0);
  }

  public static PolicySpec defaults() {
    return new PolicySpec(
        DEFAULT_TTL, null, DEFAULT_ON_BUDGET, DEFAULT_MEMORY_OVERCOMMIT, DEFAULT_CPU_OVERCOMMIT);
  }
}
