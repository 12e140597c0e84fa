package io.nestlab.apifixture;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import java.util.List;

/** A deliberately bad public API: the scanner must report every Guice type here. */
public record LeakyApi(Injector injector) {
  public List<? extends Module> modules() {
    return List.of();
  }

  public void wrap(Key<String> key) {}

  /** Not exported: private members may use anything. */
  @SuppressWarnings("unused")
  private Injector hidden() {
    return injector;
  }
}
