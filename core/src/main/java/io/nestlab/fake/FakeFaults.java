package io.nestlab.fake;

import java.util.Random;

/**
 * Faults the fake cloud injects, to test how callers cope. Thread-safe; counters are per provider
 * instance (not shared through a cloud directory).
 *
 * @param failCall fail the Nth API call (1-based) with a retryable internal error; 0 for never
 * @param throttleFraction the share of calls refused as throttled, 0.0 .. 1.0
 * @param seed the seed of the random choice of throttled calls
 * @param capacityErrors the number of first launches refused for lack of capacity
 * @param quotaError refuse every launch for lack of quota (and fail preflight)
 * @param failBootPhase the bootstrap phase that reports {@code status=failed}, or null
 */
public record FakeFaults(
    int failCall,
    double throttleFraction,
    long seed,
    int capacityErrors,
    boolean quotaError,
    String failBootPhase) {

  public FakeFaults {
    if (failCall < 0) {
      throw new IllegalArgumentException("failCall must be 0 (never) or a call number");
    }
    if (throttleFraction < 0 || throttleFraction > 1) {
      throw new IllegalArgumentException("throttleFraction must be within 0.0 .. 1.0");
    }
    if (capacityErrors < 0) {
      throw new IllegalArgumentException("capacityErrors must not be negative");
    }
  }

  public static FakeFaults none() {
    return new FakeFaults(0, 0.0, 1L, 0, false, null);
  }

  public FakeFaults withFailCall(int n) {
    return new FakeFaults(n, throttleFraction, seed, capacityErrors, quotaError, failBootPhase);
  }

  public FakeFaults withThrottle(double fraction, long seed) {
    return new FakeFaults(failCall, fraction, seed, capacityErrors, quotaError, failBootPhase);
  }

  public FakeFaults withCapacityErrors(int n) {
    return new FakeFaults(failCall, throttleFraction, seed, n, quotaError, failBootPhase);
  }

  public FakeFaults withQuotaError(boolean q) {
    return new FakeFaults(failCall, throttleFraction, seed, capacityErrors, q, failBootPhase);
  }

  public FakeFaults withFailBootPhase(String phase) {
    return new FakeFaults(failCall, throttleFraction, seed, capacityErrors, quotaError, phase);
  }

  Random random() {
    return new Random(seed);
  }
}
