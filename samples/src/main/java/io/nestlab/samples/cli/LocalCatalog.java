package io.nestlab.samples.cli;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CatalogCache;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.catalog.ProviderCatalog;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The catalog offline commands plan with: the embedded snapshot, with the regions cached by {@code
 * nestlab catalog refresh} laid over it ({@link CatalogCache}). Says on stderr which regions come
 * from the cache and warns when a cached read is older than the configured age.
 */
final class LocalCatalog {
  /** Overrides {@link CatalogCache#DEFAULT_MAX_AGE_DAYS}: a whole number of days. */
  static final String MAX_AGE_ENV = "NESTLAB_CATALOG_MAX_AGE_DAYS";

  private LocalCatalog() {}

  /** The embedded catalog with every cached region laid over it. */
  static Catalog load(PrintWriter err) {
    CatalogCache cache = CatalogCache.at(CatalogCache.defaultDir());
    List<CatalogCache.Entry> entries = cache.entries();
    if (entries.isEmpty()) {
      return Preload.embeddedCatalog();
    }
    if (err != null) {
      report(entries, err);
    }
    return cache.overlay(Preload.embeddedCatalog());
  }

  /** The section of {@code provider}: embedded, with its cached regions laid over it. */
  static CatalogSource source(String provider, PrintWriter err) {
    CatalogCache cache = CatalogCache.at(CatalogCache.defaultDir());
    List<CatalogCache.Entry> entries = cache.entries(provider);
    if (entries.isEmpty()) {
      return CatalogSource.embedded(provider);
    }
    if (err != null) {
      report(entries, err);
    }
    ProviderCatalog base = CatalogSource.embedded(provider).load();
    return CatalogSource.of(
        CatalogCache.overlay(base, entries.stream().map(CatalogCache.Entry::section).toList()));
  }

  private static void report(List<CatalogCache.Entry> entries, PrintWriter err) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    int maxAge = maxAgeDays();
    for (CatalogCache.Entry e : entries) {
      long age = e.ageDays(today);
      err.println(
          "nestlab: "
              + e.provider()
              + " "
              + e.region()
              + " prices from the local catalog cache (read "
              + e.section().asOf()
              + ", "
              + age
              + (age == 1 ? " day" : " days")
              + " ago)");
      if (e.stale(today, maxAge)) {
        err.println(
            "nestlab: warning: the cached "
                + e.provider()
                + " "
                + e.region()
                + " prices are older than "
                + maxAge
                + " days; refresh them: '"
                + CatalogCache.refreshCommand(e.provider(), e.region())
                + "'");
      }
    }
    err.flush();
  }

  /** The age after which cached prices get a warning ($NESTLAB_CATALOG_MAX_AGE_DAYS, else 7). */
  static int maxAgeDays() {
    String v = System.getProperty("nestlab.catalog.maxAgeDays", System.getenv(MAX_AGE_ENV));
    if (v == null || v.isBlank()) {
      return CatalogCache.DEFAULT_MAX_AGE_DAYS;
    }
    try {
      int days = Integer.parseInt(v.trim());
      if (days >= 0) {
        return days;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new io.nestlab.NestLabException(
        MAX_AGE_ENV + ": '" + v + "' is not a whole number of days (0 or more); unset it for 7");
  }
}
