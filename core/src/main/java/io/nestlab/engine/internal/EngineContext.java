package io.nestlab.engine.internal;

import io.nestlab.engine.LabKeySource;
import io.nestlab.engine.LabVault;
import io.nestlab.engine.ProviderResolver;
import io.nestlab.engine.Sleeper;
import io.nestlab.engine.UserDataRenderer;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What every engine operation shares: the store, the providers, the renderer, clock and sleeper,
 * the listeners and the timings.
 *
 * @param credentialsPath where the lab's credentials are on the host; null for the provider's
 */
public record EngineContext(
    LabStore store,
    ProviderResolver resolver,
    UserDataRenderer renderer,
    LabKeySource keys,
    Clock clock,
    Sleeper sleeper,
    Listeners listeners,
    String owner,
    String credentialsPath,
    Timings timings) {
  public EngineContext {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(renderer, "renderer");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(listeners, "listeners");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(timings, "timings");
  }

  /**
   * How long the engine waits for what.
   *
   * @param guardLookahead how far ahead the budget guard projects
   * @param maxAttempts attempts per cloud call (retryable errors only)
   */
  public record Timings(
      Duration pollInterval,
      Duration stateTimeout,
      Duration bootstrapTimeout,
      Duration destroyTimeout,
      Duration guardLookahead,
      int maxAttempts) {
    public Timings {
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(stateTimeout, "stateTimeout");
      Objects.requireNonNull(bootstrapTimeout, "bootstrapTimeout");
      Objects.requireNonNull(destroyTimeout, "destroyTimeout");
      Objects.requireNonNull(guardLookahead, "guardLookahead");
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
    }
  }

  /** A retrier for cloud calls, bounded by {@code budget} in all. */
  public Retrier retrier(Duration budget) {
    return new Retrier(
        clock,
        sleeper,
        timings.maxAttempts(),
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        budget);
  }

  public LabVault vault(String labId) {
    return LabVault.of(store, labId);
  }

  /** Opens the lab's provider with its recorded settings, secret ones and {@code overrides}. */
  public LabProvider open(LabRecord rec, ProviderSettings overrides) {
    return resolver.open(rec.provider(), settingsOf(rec, overrides));
  }

  /** The lab's recorded settings, its secret ones from its vault, then {@code overrides}. */
  public ProviderSettings settingsOf(LabRecord rec, ProviderSettings overrides) {
    Map<String, String> all = new LinkedHashMap<>(rec.providerSettings());
    all.putAll(vault(rec.labId()).providerSecrets());
    if (overrides != null) {
      all.putAll(overrides.asMap());
    }
    return ProviderSettings.of(all);
  }
}
