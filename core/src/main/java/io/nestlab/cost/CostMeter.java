package io.nestlab.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes what a lab has cost from its recorded state transitions, never from wall-clock guesses:
 * each running period is billed per second (partial seconds round up) and at least the provider's
 * minimum per start; disks are billed per second from the first start until the host is gone,
 * stopped periods included, over the calendar month when the provider prorates so (see {@link
 * BillingRules}); the public IP per second while running. A run the provider interrupted within its
 * first hour costs no instance time where the rules say so. Pure and immutable.
 */
public final class CostMeter {
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
  private static final long FIRST_HOUR_SECONDS = 3600;
  private static final BigDecimal HOURS_PER_AVERAGE_MONTH = BigDecimal.valueOf(730);

  private final BillingRules rules;
  private final CostRates rates;
  private final List<Transition> transitions;
  private final Set<Instant> interruptedByProvider;

  private CostMeter(
      BillingRules rules,
      CostRates rates,
      List<Transition> transitions,
      Set<Instant> interruptedByProvider) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.rates = Objects.requireNonNull(rates, "rates");
    this.transitions = List.copyOf(transitions);
    this.interruptedByProvider = Set.copyOf(interruptedByProvider);
    for (int i = 1; i < this.transitions.size(); i++) {
      if (this.transitions.get(i).at().isBefore(this.transitions.get(i - 1).at())) {
        throw new IllegalArgumentException(
            "transitions must be in time order; " + this.transitions.get(i) + " is out of order");
      }
    }
  }

  public static CostMeter of(BillingRules rules, CostRates rates, List<Transition> transitions) {
    return new CostMeter(rules, rates, transitions, Set.of());
  }

  /**
   * This meter, knowing that the transitions at {@code instants} ended a run because the provider
   * interrupted it (a Spot reclaim), not because the user stopped or deleted the host.
   */
  public CostMeter withInterruptionsByProvider(Set<Instant> instants) {
    return new CostMeter(rules, rates, transitions, instants);
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
      case RUNNING -> rates.instanceHourly().plus(diskHourly(at)).plus(rates.publicIpHourly());
      case STOPPED -> diskHourly(at);
      case GONE -> Money.ZERO;
    };
  }

  /** The disks' hourly cost in the month of {@code at}: the monthly rate over its real hours. */
  private Money diskHourly(Instant at) {
    if (!rules.calendarMonthDisks()) {
      return rates.diskHourly();
    }
    YearMonth m = YearMonth.from(at.atOffset(ZoneOffset.UTC));
    return monthly().times(SECONDS_PER_HOUR).dividedBy(BigDecimal.valueOf(secondsIn(m)));
  }

  /** The disks' monthly rate: the plan's hourly figure is the monthly rate over 730 hours. */
  private Money monthly() {
    return rates.diskHourly().times(HOURS_PER_AVERAGE_MONTH);
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
    Map<YearMonth, Long> diskSecondsByMonth = new TreeMap<>();
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
          boolean interrupted =
              rules.interruptedInFirstHourFree()
                  && i + 1 < transitions.size()
                  && !transitions.get(i + 1).at().isAfter(at)
                  && interruptedByProvider.contains(transitions.get(i + 1).at())
                  && secs < FIRST_HOUR_SECONDS;
          instanceSeconds += interrupted ? 0 : Math.max(secs, rules.minimumPerStart().toSeconds());
          ipSeconds += secs;
          diskSeconds += secs;
          addByMonth(diskSecondsByMonth, t.at(), end);
          runningSeconds += secs;
        }
        case STOPPED -> {
          diskSeconds += secs;
          addByMonth(diskSecondsByMonth, t.at(), end);
          stoppedSeconds += secs;
        }
        case GONE -> {
          // nothing is billed
        }
      }
    }
    Money instance = forSeconds(rates.instanceHourly(), instanceSeconds);
    Money disks = forSeconds(rates.diskHourly(), diskSeconds);
    if (rules.calendarMonthDisks()) {
      disks = Money.ZERO;
      for (Map.Entry<YearMonth, Long> e : diskSecondsByMonth.entrySet()) {
        disks =
            disks.plus(
                monthly().times(e.getValue()).dividedBy(BigDecimal.valueOf(secondsIn(e.getKey()))));
      }
    }
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

  /** Adds the seconds from {@code from} to {@code to} to the calendar months (UTC) they fall in. */
  private static void addByMonth(Map<YearMonth, Long> byMonth, Instant from, Instant to) {
    Instant s = from;
    while (s.isBefore(to)) {
      YearMonth m = YearMonth.from(s.atOffset(ZoneOffset.UTC));
      Instant next = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      Instant e = next.isBefore(to) ? next : to;
      byMonth.merge(m, ceilSeconds(Duration.between(s, e)), Long::sum);
      s = e;
    }
  }

  private static long secondsIn(YearMonth m) {
    return m.lengthOfMonth() * 86_400L;
  }

  private static long ceilSeconds(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return 0;
    }
    long s = d.getSeconds();
    return d.getNano() > 0 ? s + 1 : s;
  }
}
