package io.nestlab.catalog;

/**
 * Supplies one provider's catalog section: the embedded snapshot, a live price API, or a fake
 * provider's made-up types. Implementations may do I/O in {@link #load()}; the planner never does,
 * it is given a {@link Catalog}.
 */
public interface CatalogSource {
  /** The provider id whose section this source supplies. */
  String provider();

  /** The current section; throws a {@link io.nestlab.NestLabException} when it cannot. */
  ProviderCatalog load();

  /** A section already loaded (read live once, then planned on several times). */
  static CatalogSource of(ProviderCatalog section) {
    java.util.Objects.requireNonNull(section, "section");
    return new CatalogSource() {
      @Override
      public String provider() {
        return section.provider();
      }

      @Override
      public ProviderCatalog load() {
        return section;
      }
    };
  }

  /** The embedded snapshot's section of {@code provider}. */
  static CatalogSource embedded(String provider) {
    return new CatalogSource() {
      @Override
      public String provider() {
        return provider;
      }

      @Override
      public ProviderCatalog load() {
        return Catalog.embedded()
            .provider(provider)
            .orElseThrow(
                () ->
                    new io.nestlab.NestLabException(
                        "the embedded catalog has no section for provider '"
                            + provider
                            + "'; it has "
                            + Catalog.embedded().providerIds()));
      }
    };
  }
}
