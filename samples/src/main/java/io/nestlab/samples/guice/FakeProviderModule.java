package io.nestlab.samples.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.nestlab.fake.FakeLabProviderFactory;
import io.nestlab.spi.LabProviderFactory;

/** Contributes the {@code fake} provider's factory (core has no Guice, so its module is here). */
public final class FakeProviderModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), LabProviderFactory.class)
        .addBinding()
        .to(FakeLabProviderFactory.class);
  }
}
