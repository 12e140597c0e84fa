package io.nestlab.samples.cli;

import com.google.inject.AbstractModule;
import io.nestlab.aws.guice.AwsProviderModule;
import io.nestlab.gcp.guice.GcpProviderModule;
import io.nestlab.samples.guice.FakeProviderModule;
import io.nestlab.samples.guice.NestLabModule;
import io.nestlab.state.FileLabStore;

/**
 * The CLI's object graph (docs/design/0151): {@link NestLabModule} (clock, default store, catalog,
 * provider resolver, engine) over the default state directory, with the fake, AWS and GCP
 * providers. Commands take it through {@link CliServices}. Tests replace any binding with {@code
 * Modules.override(new CliModule()).with(...)} and run the CLI on that injector ({@link
 * NestLabCli#commandLine(java.util.function.Supplier, String...)}).
 */
public final class CliModule extends AbstractModule {
  @Override
  protected void configure() {
    install(new NestLabModule(FileLabStore.defaultRoot()));
    install(new FakeProviderModule());
    install(new AwsProviderModule());
    install(new GcpProviderModule());
  }
}
