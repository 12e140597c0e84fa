package io.nestlab.samples;

// snippet:guice-module
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import io.nestlab.catalog.Catalog;
import io.nestlab.engine.LabEngine;
import io.nestlab.plan.Plan;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStore;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Embedding sample for Guice users: NestLab's core API has no Guice types, so an application that
 * uses Guice writes a small module like this one and injects {@link LabEngine} and a planner where
 * it needs them. The state directory is bound by name so tests and production can differ.
 */
public final class GuiceUser {
  private GuiceUser() {}

  public static void main(String[] args) {
    Injector injector = Guice.createInjector(new NestLabModule(FileLabStore.defaultRoot()));
    LabEngine engine = injector.getInstance(LabEngine.class);
    System.out.println("labs in " + engine.store().location() + ": " + engine.store().labIds());
  }

  /** Binds NestLab's engine, store and planner for injection. */
  public static final class NestLabModule extends AbstractModule {
    private final Path stateDir;

    public NestLabModule(Path stateDir) {
      this.stateDir = stateDir;
    }

    @Override
    protected void configure() {
      bind(Path.class).annotatedWith(Names.named("nestlab.stateDir")).toInstance(stateDir);
    }

    @Provides
    @Singleton
    LabStore store(@Named("nestlab.stateDir") Path dir) {
      return FileLabStore.at(dir);
    }

    @Provides
    @Singleton
    LabEngine engine(LabStore store) {
      return LabEngine.builder(store).build(); // providers come from the class path
    }

    @Provides
    @Singleton
    Catalog catalog() {
      return Catalog.embedded();
    }

    @Provides
    Function<LabSpec, Plan> planner(Catalog catalog) {
      return lab -> Planner.plan(lab, catalog);
    }
  }
}
// end-snippet
