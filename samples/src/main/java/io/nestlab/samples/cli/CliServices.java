package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.engine.ProviderResolver;
import io.nestlab.engine.UserDataRenderer;
import io.nestlab.state.LabStore;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * What the lab commands take from the CLI's injector ({@link CliModule}): the clock and the
 * providers their engines use. The store is the command's own ({@code --state-dir}, {@code
 * --state}, else the bound default; {@link StateOptions}).
 */
final class CliServices {
  private final Clock clock;
  private final ProviderResolver providers;

  @Inject
  CliServices(Clock clock, ProviderResolver providers) {
    this.clock = clock;
    this.providers = providers;
  }

  Clock clock() {
    return clock;
  }

  /** The providers engines open (a fleet rate-limits them: FleetUp). */
  ProviderResolver providers() {
    return providers;
  }

  /** An engine builder on {@code store}, rendering the real L1 bootstrap; no listener yet. */
  LabEngine.Builder engine(LabStore store) {
    return LabEngine.builder(store)
        .providers(providers)
        .clock(clock)
        .userData(UserDataRenderer.bootstrap());
  }
}
