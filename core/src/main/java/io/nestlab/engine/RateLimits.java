package io.nestlab.engine;

import io.nestlab.engine.internal.RateLimitedProvider;
import io.nestlab.engine.internal.TokenBucket;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-cloud API rate limits for many labs at once (a fleet {@code up}): {@link #limit} wraps a
 * {@link ProviderResolver} so that every provider it opens takes each API call's token from one
 * bucket per provider id, shared by every engine given the returned resolver, and repeats calls the
 * cloud refused as throttled with a growing backoff (docs/fleet.md#rate-limits).
 */
public final class RateLimits {
  private RateLimits() {}

  /**
   * A resolver whose providers share one {@link ApiRate} bucket per provider id; {@code rates}
   * gives each provider's rate (such as {@link ApiRate#defaultFor}).
   */
  public static ProviderResolver limit(
      ProviderResolver base, Function<String, ApiRate> rates, Clock clock, Sleeper sleeper) {
    Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    return (id, settings) ->
        new RateLimitedProvider(
            base.open(id, settings),
            buckets.computeIfAbsent(id, k -> new TokenBucket(rates.apply(k), clock, sleeper)),
            sleeper);
  }
}
