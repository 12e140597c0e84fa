package io.nestlab.engine.internal;

import io.nestlab.engine.ApiRate;
import io.nestlab.engine.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket shared by threads: {@link #acquire} takes a token, and when none is left reserves
 * the next one and waits for it through the {@link Sleeper} (outside the lock, so waiting threads
 * queue in order of their reservations). Time is the clock's, so tests run on a fake clock.
 */
public final class TokenBucket {
  private final ApiRate rate;
  private final Clock clock;
  private final Sleeper sleeper;
  private double tokens;
  private Instant refilled;

  public TokenBucket(ApiRate rate, Clock clock, Sleeper sleeper) {
    this.rate = rate;
    this.clock = clock;
    this.sleeper = sleeper;
    this.tokens = rate.burst();
    this.refilled = clock.instant();
  }

  /** Takes one token, waiting for it when the bucket is empty; returns how long it waited. */
  public Duration acquire() {
    if (rate.isUnlimited()) {
      return Duration.ZERO;
    }
    Duration wait;
    synchronized (this) {
      Instant now = clock.instant();
      if (now.isAfter(refilled)) {
        double seconds = Duration.between(refilled, now).toNanos() / 1e9;
        tokens = Math.min(rate.burst(), tokens + seconds * rate.perSecond());
        refilled = now;
      }
      tokens -= 1;
      wait =
          tokens >= 0
              ? Duration.ZERO
              : Duration.ofNanos((long) Math.ceil(-tokens / rate.perSecond() * 1e9));
    }
    if (!wait.isZero()) {
      sleeper.sleep(wait);
    }
    return wait;
  }
}
