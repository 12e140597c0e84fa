package io.nestlab.engine.internal;

import io.nestlab.ProviderException;
import io.nestlab.engine.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Repeats provider calls that fail with a retryable error (throttling, capacity, transient faults),
 * with exponential backoff, bounded by attempts and by a deadline.
 */
public final class Retrier {
  private final Clock clock;
  private final Sleeper sleeper;
  private final int maxAttempts;
  private final Duration firstDelay;
  private final Duration maxDelay;
  private final Duration budget;

  public Retrier(
      Clock clock,
      Sleeper sleeper,
      int maxAttempts,
      Duration firstDelay,
      Duration maxDelay,
      Duration budget) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxAttempts = maxAttempts;
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
    this.budget = budget;
  }

  public <T> T call(Supplier<T> action) {
    Instant deadline = clock.instant().plus(budget);
    Duration delay = firstDelay;
    for (int attempt = 1; ; attempt++) {
      try {
        return action.get();
      } catch (ProviderException e) {
        if (!e.retryable() || attempt >= maxAttempts || clock.instant().isAfter(deadline)) {
          throw e;
        }
        sleeper.sleep(delay);
        delay = delay.multipliedBy(2);
        if (delay.compareTo(maxDelay) > 0) {
          delay = maxDelay;
        }
      }
    }
  }

  public void run(Runnable action) {
    call(
        () -> {
          action.run();
          return null;
        });
  }
}
