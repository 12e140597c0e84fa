package io.nestlab.spi;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import io.nestlab.NestLabException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds provider factories on the class path with {@link ServiceLoader}. */
public final class LabProviders {
  private LabProviders() {}

  /** Every provider factory found, by id, sorted. */
  public static Map<String, LabProviderFactory> available() {
    Map<String, LabProviderFactory> byId = new TreeMap<>();
    for (LabProviderFactory f : ServiceLoader.load(LabProviderFactory.class)) {
      byId.putIfAbsent(f.id(), f);
    }
    return byId;
  }

  /**
   * The cloud traits in force: the built-in table ({@link Clouds#builtIn()}) with the traits of
   * every factory found laid over it. A factory whose traits carry another id than its own fails.
   */
  public static Clouds clouds() {
    Clouds clouds = Clouds.builtIn();
    for (LabProviderFactory f : available().values()) {
      Optional<CloudTraits> t = f.traits();
      if (t.isPresent()) {
        if (!t.get().id().equals(f.id())) {
          throw new NestLabException(
              "provider factory "
                  + f.getClass().getName()
                  + " ("
                  + f.id()
                  + ") describes cloud '"
                  + t.get().id()
                  + "'; its traits must carry its own id");
        }
        clouds = clouds.with(t.get());
      }
    }
    return clouds;
  }

  /** The factory with this id; an unknown id fails naming the known ones. */
  public static LabProviderFactory factory(String id) {
    Map<String, LabProviderFactory> all = available();
    LabProviderFactory f = all.get(id);
    if (f == null) {
      throw new NestLabException(
          "unknown provider '"
              + id
              + "'; known providers: "
              + String.join(", ", List.copyOf(all.keySet())));
    }
    return f;
  }
}
