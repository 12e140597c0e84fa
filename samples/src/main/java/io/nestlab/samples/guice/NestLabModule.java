package io.nestlab.samples.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.nestlab.NestLabException;
import io.nestlab.catalog.Catalog;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.ProviderResolver;
import io.nestlab.spi.LabProviderFactory;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Binds NestLab's engine, store, catalog and clock for Guice users. The providers are the {@link
 * LabProviderFactory} set the provider modules contribute to ({@code AwsProviderModule}, {@code
 * GcpProviderModule}, {@link FakeProviderModule}). Tests replace the clock, the store or the
 * providers with {@code Modules.override(new NestLabModule(dir)).with(...)}.
 */
public final class NestLabModule extends AbstractModule {
  private final Path stateDir;

  /** State under {@code stateDir} (the CLI's default is {@code ~/.nestlab/labs}). */
  public NestLabModule(Path stateDir) {
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
  }

  @Override
  protected void configure() {
    // Declared here so an injector without any provider module still has an (empty) set.
    Multibinder.newSetBinder(binder(), LabProviderFactory.class);
  }

  @Provides
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Provides
  @Singleton
  LabStore store() {
    return FileLabStore.at(stateDir);
  }

  @Provides
  @Singleton
  Catalog catalog() {
    return Catalog.embedded();
  }

  /** Opens providers from the bound factories; an unknown id fails naming the known ones. */
  @Provides
  @Singleton
  ProviderResolver providers(Set<LabProviderFactory> factories) {
    Map<String, LabProviderFactory> byId = new TreeMap<>();
    factories.forEach(f -> byId.put(f.id(), f));
    return (id, settings) -> {
      LabProviderFactory factory = byId.get(id);
      if (factory == null) {
        throw new NestLabException(
            "no provider '"
                + id
                + "' is bound; known: "
                + String.join(", ", byId.keySet())
                + " (install its Guice module, such as AwsProviderModule)");
      }
      return factory.create(settings);
    };
  }

  @Provides
  @Singleton
  LabEngine engine(LabStore store, ProviderResolver providers, Clock clock) {
    return LabEngine.builder(store).providers(providers).clock(clock).build();
  }
}
