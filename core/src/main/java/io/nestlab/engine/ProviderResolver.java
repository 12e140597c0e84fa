package io.nestlab.engine;

import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;

/** Opens the provider a lab lives on. The default finds factories with {@code ServiceLoader}. */
@FunctionalInterface
public interface ProviderResolver {
  LabProvider open(String providerId, ProviderSettings settings);

  static ProviderResolver serviceLoader() {
    return (id, settings) -> LabProviders.factory(id).create(settings);
  }
}
