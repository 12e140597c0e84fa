package io.nestlab.gcp.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.nestlab.gcp.GcpLabProviderFactory;
import io.nestlab.spi.LabProviderFactory;

/**
 * For Guice users: contributes the {@code gcp} provider's factory to the set of {@link
 * LabProviderFactory} bindings, next to the other providers' modules. Guice is an optional
 * dependency of this module; without Guice, {@code ServiceLoader} finds the factory.
 */
public final class GcpProviderModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), LabProviderFactory.class)
        .addBinding()
        .to(GcpLabProviderFactory.class);
  }
}
