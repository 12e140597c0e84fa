// snippet:guice-override
package io.nestlab.samples.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * How a test swaps what {@link NestLabModule} binds: its own clock and a scratch store, with the
 * fake provider contributed by {@link FakeProviderModule}.
 */
public final class OverrideForTests {
  private OverrideForTests() {}

  /** An injector whose engine uses {@code clock} and keeps its labs under {@code scratch}. */
  public static Injector injector(Path state, Path scratch, Clock clock) {
    return Guice.createInjector(
        Modules.override(new NestLabModule(state), new FakeProviderModule())
            .with(
                new AbstractModule() {
                  @Override
                  protected void configure() {
                    bind(Clock.class).toInstance(clock);
                    bind(LabStore.class).toInstance(FileLabStore.at(scratch));
                  }
                }));
  }
}
// end-snippet
