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

  static CostMeter meter(String provider, Transition... ts) {
    return CostMeter.of(BillingRules.forProvider(provider), RATES, List.of(ts));
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
    assertEquals(usd("0.9166"), m.accrued(T0.plusSeconds(3600)));
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
}
