package io.nestlab.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to, for deterministic tests of the fake cloud and the engine.
 * Thread-safe.
 */
public final class FakeClock extends Clock {
  private final AtomicReference<Instant> now;

  private FakeClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock standing at {@code start}. */
  public static FakeClock at(Instant start) {
    return new FakeClock(start);
  }

  /** Moves the clock forward. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a fake clock only moves forward; got " + d);
    }
    now.updateAndGet(t -> t.plus(d));
  }

  /** Sets the clock to {@code t}, which must not be before the current time. */
  public void set(Instant t) {
    now.updateAndGet(
        old -> {
          if (t.isBefore(old)) {
            throw new IllegalArgumentException("a fake clock only moves forward: " + t);
          }
          return t;
        });
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
