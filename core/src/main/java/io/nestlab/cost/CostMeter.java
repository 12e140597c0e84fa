package io.nestlab.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Computes what a lab has cost from its recorded state transitions, never from wall-clock guesses:
 * each running period is billed per second (partial seconds round up) and at least the provider's
 * minimum per start; disks are billed per second from the first start until the host is gone,
 * stopped periods included; the public IP per second while running. Pure and immutable.
 */
public final class CostMeter {
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

  private final BillingRules rules;
  private final CostRates rates;
  private final List<Transition> transitions;

  private CostMeter(BillingRules rules, CostRates rates, List<Transition> transitions) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.rates = Objects.requireNonNull(rates, "rates");
    this.transitions = List.copyOf(transitions);
    for (int i = 1; i < this.transitions.size(); i++) {
      if (this.transitions.get(i).at().isBefore(this.transitions.get(i - 1).at())) {
        throw new IllegalArgumentException(
            "transitions must be in time order; " + this.transitions.get(i) + " is out of order");
      }
    }
  }

  public static CostMeter of(BillingRules rules, CostRates rates, List<Transition> transitions) {
    return new CostMeter(rules, rates, transitions);
  }

  public CostRates rates() {
    return rates;
  }

  /** The state at {@code at}: that of the last transition at or before it, else GONE. */
  public MeterState stateAt(Instant at) {
    MeterState s = MeterState.GONE;
    for (Transition t : transitions) {
      if (t.at().isAfter(at)) {
        break;
      }
      s = t.state();
    }
    return s;
  }

  /** Cost per hour in the state at {@code at}. */
  public Money burnRate(Instant at) {
    return switch (stateAt(at)) {
      case RUNNING -> rates.runningHourly();
      case STOPPED -> rates.stoppedHourly();
      case GONE -> Money.ZERO;
    };
  }

  /** Everything billed up to {@code at}; the current state is assumed to last until then. */
  public Money accrued(Instant at) {
    return report(at).accrued();
  }

  /** The full account up to {@code at}. */
  public CostReport report(Instant at) {
    long instanceSeconds = 0;
    long ipSeconds = 0;
    long diskSeconds = 0;
    long runningSeconds = 0;
    long stoppedSeconds = 0;
    for (int i = 0; i < transitions.size(); i++) {
      Transition t = transitions.get(i);
      if (t.at().isAfter(at)) {
        break;
      }
      Instant end = i + 1 < transitions.size() ? transitions.get(i + 1).at() : at;
      if (end.isAfter(at)) {
        end = at;
      }
      long secs = ceilSeconds(Duration.between(t.at(), end));
      switch (t.state()) {
        case RUNNING -> {
          instanceSeconds += Math.max(secs, rules.minimumPerStart().toSeconds());
          ipSeconds += secs;
          diskSeconds += secs;
          runningSeconds += secs;
        }
        case STOPPED -> {
          diskSeconds += secs;
          stoppedSeconds += secs;
        }
        case GONE -> {
          // nothing is billed
        }
      }
    }
    Money instance = forSeconds(rates.instanceHourly(), instanceSeconds);
    Money disks = forSeconds(rates.diskHourly(), diskSeconds);
    Money ip = forSeconds(rates.publicIpHourly(), ipSeconds);
    return new CostReport(
        at,
        instance.plus(disks).plus(ip),
        instance,
        disks,
        ip,
        burnRate(at),
        stateAt(at),
        Duration.ofSeconds(runningSeconds),
        Duration.ofSeconds(stoppedSeconds));
  }

  /** What the lab will have cost at {@code until} if it stays in its state at {@code from}. */
  public Money projected(Instant from, Instant until) {
    if (until.isBefore(from)) {
      return accrued(from);
    }
    return accrued(until);
  }

  /** Hourly rate times seconds, divided once, so rounding happens once. */
  private static Money forSeconds(Money hourly, long seconds) {
    return hourly.times(seconds).dividedBy(SECONDS_PER_HOUR);
  }

  private static long ceilSeconds(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return 0;
    }
    long s = d.getSeconds();
    return d.getNano() > 0 ? s + 1 : s;
  }
}
