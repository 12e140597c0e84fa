package io.nestlab.catalog;

import io.nestlab.NestLabException;
import io.nestlab.OwnResources;
import io.nestlab.catalog.internal.CatalogBinary;
import io.nestlab.catalog.internal.CatalogText;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The instance types and prices the planner chooses from: one {@link ProviderCatalog} per provider.
 * Immutable. {@link #embedded()} is the snapshot shipped in the jar; {@link #with(ProviderCatalog)}
 * adds or replaces a provider's section, for example with a live catalog from a {@link
 * CatalogSource} or the fake provider's types.
 */
public record Catalog(List<ProviderCatalog> providers) {
  /** Where the embedded snapshot lives on the class path. */
  public static final String RESOURCE = "/io/nestlab/catalog/catalog.tsv";

  /** Its binary form, made from it at build time (docs/design/0200). */
  static final String BINARY = "/io/nestlab/catalog/catalog.bin";

  private static volatile Catalog embedded;

  public Catalog {
    List<ProviderCatalog> sorted = new ArrayList<>(providers);
    sorted.sort(
        new Comparator<ProviderCatalog>() { // not a method reference: see ProviderCatalog.byName
          @Override
          public int compare(ProviderCatalog a, ProviderCatalog b) {
            return a.provider().compareTo(b.provider());
          }
        });
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).provider().equals(sorted.get(i - 1).provider())) {
        throw new IllegalArgumentException(
            "two catalog sections for provider " + sorted.get(i).provider());
      }
    }
    providers = List.copyOf(sorted);
  }

  public static Catalog of(ProviderCatalog... providers) {
    return new Catalog(Arrays.asList(providers));
  }

  /** A catalog built from each source's current section (later sources replace earlier ones). */
  public static Catalog from(List<? extends CatalogSource> sources) {
    Catalog c = new Catalog(List.of());
    for (CatalogSource s : sources) {
      c = c.with(s.load());
    }
    return c;
  }

  /**
   * The snapshot embedded in NestLab's jar, generated from public price tables (see
   * docs/cost-model.md). Read once per JVM.
   */
  public static Catalog embedded() {
    Catalog c = embedded;
    if (c == null) {
      // The binary form the build makes from the text (CatalogBinary), else the text itself (a
      // build that skipped that step, such as an IDE's).
      try (InputStream bin = OwnResources.open(BINARY)) {
        if (bin != null) {
          c = new Catalog(CatalogBinary.read(bin.readAllBytes()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (c == null) {
        c = fromText();
      }
      embedded = c;
    }
    return c;
  }

  private static Catalog fromText() {
    try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new NestLabException(
            "the embedded catalog " + RESOURCE + " is missing from the class path");
      }
      // The whole text at once (a 480 KB resource): decoded in one step, not through a reader.
      return new Catalog(CatalogText.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a catalog in the embedded text format. */
  public static Catalog read(Reader reader) throws IOException {
    return new Catalog(CatalogText.read(reader));
  }

  /** Writes this catalog in the embedded text format; byte-identical for equal catalogs. */
  public String toText() {
    return CatalogText.write(providers);
  }

  /** This catalog with {@code section} added, replacing any section of the same provider. */
  public Catalog with(ProviderCatalog section) {
    List<ProviderCatalog> list = new ArrayList<>();
    for (ProviderCatalog p : providers) {
      if (!p.provider().equals(section.provider())) {
        list.add(p);
      }
    }
    list.add(section);
    return new Catalog(list);
  }

  /** The section of {@code provider}, if present. */
  public Optional<ProviderCatalog> provider(String provider) {
    for (ProviderCatalog p : providers) {
      if (p.provider().equals(provider)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The provider ids this catalog covers, sorted. */
  public List<String> providerIds() {
    List<String> ids = new ArrayList<>(providers.size());
    for (ProviderCatalog p : providers) {
      ids.add(p.provider());
    }
    return Collections.unmodifiableList(ids);
  }
}
