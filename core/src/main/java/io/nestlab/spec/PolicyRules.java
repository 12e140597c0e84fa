package io.nestlab.spec;

import io.nestlab.Problem;
import java.time.Duration;
import java.util.List;

/** The policy section's rules: TTL, budget and overcommit ratios. */
final class PolicyRules extends SpecRules {
  PolicyRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
  }

  void policy(PolicySpec policy) {
    Duration ttl = policy.ttl();
    if (ttl.isZero() || ttl.isNegative()) {
      add("policy.ttl", "the TTL must be more than zero; for example 8h");
    } else if (ttl.compareTo(PolicySpec.MAX_TTL) > 0) {
      add(
          "policy.ttl",
          DurationText.format(ttl)
              + " is longer than the 30 days a lab may live; use 30d or less (a lab can be"
              + " renewed)");
    }
    if (policy.budgetUsd() != null && policy.budgetUsd().signum() <= 0) {
      add(
          "policy.budgetUsd",
          policy.budgetUsd().toPlainString()
              + " is not a budget; give a positive amount of US dollars such as 25, or leave"
              + " budgetUsd out for no budget");
    }
    range(
        "policy.memoryOvercommit",
        policy.memoryOvercommit(),
        SpecValidator.MIN_MEMORY_OVERCOMMIT,
        SpecValidator.MAX_MEMORY_OVERCOMMIT,
        "GiB of ESXi memory per GiB of the cloud instance");
    range(
        "policy.cpuOvercommit",
        policy.cpuOvercommit(),
        SpecValidator.MIN_CPU_OVERCOMMIT,
        SpecValidator.MAX_CPU_OVERCOMMIT,
        "ESXi vCPUs per vCPU of the cloud instance");
  }

  private void range(String path, double value, double min, double max, String unit) {
    if (!(value >= min && value <= max)) {
      add(
          path,
          value
              + " is outside "
              + min
              + " .. "
              + max
              + " ("
              + unit
              + "); use a value in that range");
    }
  }
}
