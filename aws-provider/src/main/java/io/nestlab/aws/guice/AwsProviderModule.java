package io.nestlab.aws.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.nestlab.aws.AwsLabProviderFactory;
import io.nestlab.spi.LabProviderFactory;

/**
 * For Guice users: contributes the {@code aws} provider's factory to the set of {@link
 * LabProviderFactory} bindings, next to the other providers' modules. Guice is an optional
 * dependency of this module; without Guice, {@code ServiceLoader} finds the factory.
 */
public final class AwsProviderModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), LabProviderFactory.class)
        .addBinding()
        .to(AwsLabProviderFactory.class);
  }
}
