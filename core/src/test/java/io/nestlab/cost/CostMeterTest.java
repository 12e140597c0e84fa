package io.nestlab.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact cases of the cost meter, computed by hand. */
class CostMeterTest {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  /** $3.60/h instance = $0.001/s; $0.36/h disks = $0.0001/s; $0.036/h IP = $0.00001/s. */
  static final CostRates RATES =
      new CostRates(Money.usd("3.60"), Money.usd("0.36"), Money.usd("0.036"));

  /** The provider's rules, with disks at the 730-hour month so that the figures stay round. */
  static CostMeter meter(String provider, Transition... ts) {
    BillingRules r = BillingRules.forProvider(provider);
    return CostMeter.of(
        new BillingRules(provider, r.minimumPerStart(), false, false), RATES, List.of(ts));
  }

  static Transition at(long seconds, MeterState s) {
    return new Transition(T0.plusSeconds(seconds), s);
  }

  static Money usd(String s) {
    return Money.usd(s);
  }

  @Test
  void aRunShorterThanTheMinimumIsBilledTheMinimumForTheInstanceOnly() {
    CostReport r =
        meter("aws", at(0, MeterState.RUNNING), at(30, MeterState.GONE))
            .report(T0.plusSeconds(600));
    assertEquals(usd("0.060"), r.instance(), "60 s minimum on AWS");
    assertEquals(usd("0.0030"), r.disks(), "disks per second, no minimum");
    assertEquals(usd("0.00030"), r.publicIp());
    assertEquals(usd("0.0633"), r.accrued());
    assertEquals(Money.ZERO, r.burnRate());
  }

  @Test
  void gceAlsoBillsAOneMinuteMinimum() {
    assertEquals(
        usd("0.060"),
        meter("gcp", at(0, MeterState.RUNNING), at(5, MeterState.GONE))
            .report(T0.plusSeconds(5))
            .instance());
  }

  @Test
  void aRunningStartIsBilledItsMinimumAtOnce() {
    // Just started: the first minute is already committed.
    assertEquals(usd("0.060"), meter("aws", at(0, MeterState.RUNNING)).report(T0).instance());
  }

  @Test
  void partialSecondsRoundUp() {
    CostMeter m = meter("aws", at(0, MeterState.RUNNING));
    assertEquals(usd("0.101"), m.report(T0.plusMillis(100_001)).instance());
  }

  @Test
  void everyStartOfAStopStartCycleBillsItsOwnMinimum() {
    CostMeter m =
        meter(
            "aws",
            at(0, MeterState.RUNNING),
            at(20, MeterState.STOPPED),
            at(100, MeterState.RUNNING),
            at(110, MeterState.STOPPED),
            at(200, MeterState.RUNNING),
            at(400, MeterState.GONE));
    CostReport r = m.report(T0.plusSeconds(1000));
    // 60 (min of 20) + 60 (min of 10) + 200 = 320 instance seconds.
    assertEquals(usd("0.320"), r.instance());
    // Disks for all 400 s the host existed, stopped time included.
    assertEquals(usd("0.0400"), r.disks());
    // The IP only while running: 20 + 10 + 200 = 230 s.
    assertEquals(usd("0.00230"), r.publicIp());
    assertEquals(Duration.ofSeconds(230), r.running());
    assertEquals(Duration.ofSeconds(170), r.stopped());
  }

  @Test
  void aStoppedLabCostsOnlyItsDisks() {
    CostMeter m = meter("aws", at(0, MeterState.RUNNING), at(3600, MeterState.STOPPED));
    Money atStop = m.accrued(T0.plusSeconds(3600));
    Money dayLater = m.accrued(T0.plusSeconds(3600 + 86_400));
    assertEquals(usd("8.64"), dayLater.minus(atStop), "24 h x $0.36/h of disks");
    assertEquals(usd("0.36"), m.burnRate(T0.plusSeconds(4000)));
    assertEquals(usd("3.996"), m.burnRate(T0.plusSeconds(10)));
  }

  @Test
  void theProjectionRunsTheCurrentStateToTheLeaseEnd() {
    CostMeter m = meter("aws", at(0, MeterState.RUNNING));
    // One hour in, lease ends after two: 2 h x $3.996/h.
    assertEquals(usd("7.992"), m.projected(T0.plusSeconds(3600), T0.plusSeconds(7200)));
  }

  @Test
  void anHourOfARealPriceIsExactToTheCent() {
    CostMeter m =
        CostMeter.of(
            BillingRules.forProvider("aws"),
            new CostRates(Money.usd("0.8568"), Money.usd("0.0548"), Money.usd("0.005")),
            List.of(at(0, MeterState.RUNNING)));
    // gp3 at $0.0548/h is $40.004 a month, prorated over November's 720 h (it was $0.9166 with
    // the 730-hour month before issue #20)
    assertEquals(
        usd("0.8568")
            .plus(usd("0.0548").times(730).dividedBy(java.math.BigDecimal.valueOf(720)))
            .plus(usd("0.005"))
            .rounded(6),
        m.accrued(T0.plusSeconds(3600)).rounded(6));
  }

  @Test
  void transitionsOutOfOrderAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> meter("aws", at(10, MeterState.RUNNING), at(5, MeterState.STOPPED)));
  }

  @Test
  void theBudgetGuardWarnsAt80PercentAndActsBeforeTheCap() {
    // $3.996/h running; budget $1.00; look 5 minutes ahead (= $0.333).
    BudgetGuard guard =
        new BudgetGuard(usd("1.00"), io.nestlab.spec.BudgetAction.STOP, Duration.ofMinutes(5));
    CostMeter m = meter("aws", at(0, MeterState.RUNNING));
    assertEquals(GuardDecision.Verdict.OK, guard.evaluate(m, T0.plusSeconds(60)).verdict());
    // At 600 s: $0.666 spent; 5 min ahead: $0.999 -> still OK.
    assertEquals(GuardDecision.Verdict.OK, guard.evaluate(m, T0.plusSeconds(600)).verdict());
    // At 601 s: 5 min ahead reaches $1.00 -> act now, with $0.67 spent.
    GuardDecision act = guard.evaluate(m, T0.plusSeconds(601));
    assertEquals(GuardDecision.Verdict.ACT, act.verdict(), act.message());
    // With a longer look-ahead the guard only warns at 80% before acting.
    BudgetGuard near =
        new BudgetGuard(usd("1.00"), io.nestlab.spec.BudgetAction.STOP, Duration.ofSeconds(10));
    assertEquals(GuardDecision.Verdict.WARN, near.evaluate(m, T0.plusSeconds(750)).verdict());
  }

  @Test
  void aBudgetOfWarnOnlyNeverActs() {
    BudgetGuard guard =
        new BudgetGuard(usd("0.10"), io.nestlab.spec.BudgetAction.WARN, Duration.ofMinutes(5));
    GuardDecision d = guard.evaluate(meter("aws", at(0, MeterState.RUNNING)), T0.plusSeconds(3600));
    assertEquals(GuardDecision.Verdict.WARN, d.verdict());
  }

  @Test
  void theTtlGuardWarnsThenActsAtTheLeaseEnd() {
    TtlGuard ttl = new TtlGuard(T0.plusSeconds(3600), Duration.ZERO, Duration.ofMinutes(30));
    assertEquals(GuardDecision.Verdict.OK, ttl.evaluate(T0).verdict());
    assertEquals(GuardDecision.Verdict.WARN, ttl.evaluate(T0.plusSeconds(1900)).verdict());
    assertEquals(GuardDecision.Verdict.ACT, ttl.evaluate(T0.plusSeconds(3600)).verdict());
  }

  @Test
  void cloudDisksAreProratedOverTheRealCalendarMonth() {
    // $0.36/h at 730 h is $262.80 a month. November has 30 days: a day of disks is $262.80 / 30;
    // February 2027 has 28: a day is $262.80 / 28 (AWS EBS and Compute Engine disk pricing).
    for (String provider : List.of("aws", "gcp")) {
      BillingRules rules = BillingRules.forProvider(provider);
      CostMeter nov =
          CostMeter.of(
              rules, RATES, List.of(at(0, MeterState.RUNNING), at(60, MeterState.STOPPED)));
      Money stoppedDay =
          nov.accrued(T0.plusSeconds(60 + 86_400)).minus(nov.accrued(T0.plusSeconds(60)));
      assertEquals(usd("8.76"), stoppedDay, provider);
      assertEquals(usd("0.365"), nov.burnRate(T0.plusSeconds(120)), "262.80 / 720 h");
      Instant feb = Instant.parse("2027-02-10T00:00:00Z");
      CostMeter m =
          CostMeter.of(
              rules,
              RATES,
              List.of(
                  new Transition(feb, MeterState.RUNNING),
                  new Transition(feb.plusSeconds(60), MeterState.STOPPED)));
      assertEquals(
          usd("262.80").dividedBy(java.math.BigDecimal.valueOf(28)).rounded(8),
          m.accrued(feb.plusSeconds(60 + 86_400)).minus(m.accrued(feb.plusSeconds(60))).rounded(8),
          provider);
    }
    // A stopped period across a month end is split at midnight UTC: 1 day of each month.
    Instant jan31 = Instant.parse("2027-01-31T00:00:00Z");
    CostMeter across =
        CostMeter.of(
            BillingRules.forProvider("aws"),
            RATES,
            List.of(new Transition(jan31, MeterState.STOPPED)));
    assertEquals(
        usd("262.80")
            .dividedBy(java.math.BigDecimal.valueOf(31))
            .plus(usd("262.80").dividedBy(java.math.BigDecimal.valueOf(28))),
        across.report(jan31.plusSeconds(2 * 86_400)).disks());
  }

  @Test
  void anAwsSpotInstanceInterruptedByAwsInItsFirstHourCostsNoInstanceTime() {
    BillingRules spot = BillingRules.forProvider("aws", true);
    Transition start = at(0, MeterState.RUNNING);
    Transition reclaimed = at(1800, MeterState.GONE);
    CostMeter byAws =
        CostMeter.of(spot, RATES, List.of(start, reclaimed))
            .withInterruptionsByProvider(java.util.Set.of(reclaimed.at()));
    CostReport r = byAws.report(T0.plusSeconds(3600));
    assertEquals(Money.ZERO, r.instance(), "no charge for the interrupted partial first hour");
    assertEquals(usd("0.018"), r.publicIp(), "other charges still apply");
    // the same half hour ended by the user is charged
    assertEquals(
        usd("1.80"),
        CostMeter.of(spot, RATES, List.of(start, reclaimed))
            .report(T0.plusSeconds(3600))
            .instance());
    // interrupted after the first hour: charged for the seconds used
    Transition late = at(5400, MeterState.GONE);
    assertEquals(
        usd("5.40"),
        CostMeter.of(spot, RATES, List.of(start, late))
            .withInterruptionsByProvider(java.util.Set.of(late.at()))
            .report(T0.plusSeconds(7200))
            .instance());
    // on demand, and on GCE, an interruption is charged like any stop
    for (BillingRules other :
        List.of(BillingRules.forProvider("aws", false), BillingRules.forProvider("gcp", true))) {
      assertEquals(
          usd("1.80"),
          CostMeter.of(other, RATES, List.of(start, reclaimed))
              .withInterruptionsByProvider(java.util.Set.of(reclaimed.at()))
              .report(T0.plusSeconds(3600))
              .instance(),
          other.toString());
    }
  }
}
