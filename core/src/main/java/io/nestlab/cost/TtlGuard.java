package io.nestlab.cost;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Ends a lab at the end of its lease (created + TTL, or as renewed): warns within {@code warnAhead}
 * of the end, and asks for destruction from {@code leaseUntil - margin} on, so the lab is gone
 * before the lease passes.
 */
public record TtlGuard(Instant leaseUntil, Duration margin, Duration warnAhead) {
  public TtlGuard {
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    Objects.requireNonNull(margin, "margin");
    Objects.requireNonNull(warnAhead, "warnAhead");
  }

  public GuardDecision evaluate(Instant now) {
    Duration left = Duration.between(now, leaseUntil);
    if (left.compareTo(margin) <= 0) {
      return new GuardDecision(
          GuardDecision.Verdict.ACT,
          "the lease ends at " + leaseUntil + " (TTL reached), so the lab is destroyed now");
    }
    if (left.compareTo(warnAhead) <= 0) {
      return new GuardDecision(
          GuardDecision.Verdict.WARN,
          "the lease ends in "
              + left.toMinutes()
              + " min, at "
              + leaseUntil
              + "; extend it or the lab is destroyed then");
    }
    return GuardDecision.ok("the lease ends at " + leaseUntil);
  }
}
