package io.nestlab.spi;

import io.nestlab.NestLabException;
import java.util.List;
import java.util.Map;
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
