package io.nestlab.catalog;

import io.nestlab.NestLabException;
import io.nestlab.catalog.internal.CatalogText;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A local cache of live catalog reads, one file per provider and region ({@code
 * DIR/PROVIDER/REGION.tsv}, the embedded catalog's text format holding that region only, with the
 * date and source of the read). {@link #overlay} lays the cached regions over another section
 * (normally the embedded snapshot): a cached region's prices, disk and IP rates and custom rates
 * replace the snapshot's for that region; every other region keeps the snapshot's. Reading and
 * writing are the only I/O; {@link #overlay} and {@link #regionSlice} are pure.
 */
public final class CatalogCache {
  /** The cache directory's name under {@code $NESTLAB_HOME} (or {@code ~/.nestlab}). */
  public static final String DIRECTORY = "catalog";

  /** Cached prices older than this many days get a warning, unless configured otherwise. */
  public static final int DEFAULT_MAX_AGE_DAYS = 7;

  private final Path dir;

  private CatalogCache(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** A cache in {@code dir} (created on first write). */
  public static CatalogCache at(Path dir) {
    return new CatalogCache(Objects.requireNonNull(dir, "dir"));
  }

  /**
   * The default directory: {@code <home>/catalog}, where home is the {@code nestlab.home} system
   * property, else {@code $NESTLAB_HOME}, else {@code ~/.nestlab}.
   */
  public static Path defaultDir() {
    String home = System.getProperty("nestlab.home");
    if (home == null || home.isBlank()) {
      home = System.getenv("NESTLAB_HOME");
    }
    Path base =
        home != null && !home.isBlank()
            ? Path.of(home)
            : Path.of(System.getProperty("user.home"), ".nestlab");
    return base.resolve(DIRECTORY);
  }

  public Path dir() {
    return dir;
  }

  /** One cached region: its section (that region only) and where it is stored. */
  public record Entry(String provider, String region, ProviderCatalog section, Path file) {
    public Entry {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(section, "section");
    }

    /** Whole days between the read and {@code today}. */
    public long ageDays(LocalDate today) {
      return Math.max(0, ChronoUnit.DAYS.between(section.asOf(), today));
    }

    /** Whether the read is older than {@code maxAgeDays} on {@code today}. */
    public boolean stale(LocalDate today, int maxAgeDays) {
      return ageDays(today) > maxAgeDays;
    }
  }

  /**
   * Stores {@code live}'s prices for {@code region} (replacing an earlier read of that region).
   * Throws a {@link NestLabException} naming the region when {@code live} prices nothing there.
   */
  public Entry save(ProviderCatalog live, String region) {
    ProviderCatalog slice = regionSlice(live, region);
    Path file = dir.resolve(live.provider()).resolve(region + ".tsv");
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), region, ".tmp");
      Files.writeString(tmp, CatalogText.write(List.of(slice)), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the catalog cache file " + file, e);
    }
    return new Entry(live.provider(), region, slice, file);
  }

  /** Every cached region, by provider then region; an unreadable file is an error naming it. */
  public List<Entry> entries() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> providers = Files.list(dir)) {
      for (Path p : providers.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.list(p)) {
          for (Path f : files.filter(x -> x.toString().endsWith(".tsv")).sorted().toList()) {
            out.add(read(p.getFileName().toString(), f));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the catalog cache " + dir, e);
    }
    return out;
  }

  /** The cached regions of {@code provider}. */
  public List<Entry> entries(String provider) {
    return entries().stream().filter(e -> e.provider().equals(provider)).toList();
  }

  private static Entry read(String provider, Path f) {
    String name = f.getFileName().toString();
    String region = name.substring(0, name.length() - ".tsv".length());
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      List<ProviderCatalog> sections = CatalogText.read(r);
      if (sections.size() != 1 || !sections.get(0).provider().equals(provider)) {
        throw new IOException("expected one '" + provider + "' section");
      }
      return new Entry(provider, region, sections.get(0), f);
    } catch (IOException | RuntimeException e) {
      throw new NestLabException(
          "the catalog cache file "
              + f
              + " cannot be read ("
              + e.getMessage()
              + "); delete it or run 'nestlab catalog refresh --provider "
              + provider
              + " --region "
              + region
              + "' again",
          e);
    }
  }

  /**
   * {@code live} reduced to {@code region}: its types priced there (offered there only), that
   * region's disk and IP rates and custom rates.
   */
  public static ProviderCatalog regionSlice(ProviderCatalog live, String region) {
    List<InstanceType> types = new ArrayList<>();
    for (InstanceType t : live.instanceTypes()) {
      RegionPrice p = t.prices().get(region);
      if (p != null) {
        types.add(t.withOffers(List.of(region), Map.of(region, p)));
      }
    }
    RegionRates rates = live.regionRates().get(region);
    if (types.isEmpty() || rates == null) {
      throw new NestLabException(
          "the live "
              + live.provider()
              + " catalog has no "
              + (types.isEmpty() ? "instance prices" : "disk and IP rates")
              + " for region "
              + region
              + "; check the region name (and the provider's region setting) and try again;"
              + " nothing was cached");
    }
    List<CustomRates> custom =
        live.customRates().stream().filter(c -> c.region().equals(region)).toList();
    return new ProviderCatalog(
        live.provider(),
        live.asOf(),
        live.source(),
        live.note(),
        types,
        Map.of(region, rates),
        custom);
  }

  /**
   * {@code base} with every region of {@code cached} (sections of the same provider, one region
   * each, as {@link #regionSlice} makes them) replaced by the cached figures. The note says which
   * regions come from the cache and when they were read.
   */
  public static ProviderCatalog overlay(ProviderCatalog base, List<ProviderCatalog> cached) {
    if (cached.isEmpty()) {
      return base;
    }
    Map<String, ProviderCatalog> byRegion = new TreeMap<>();
    for (ProviderCatalog c : cached) {
      if (!c.provider().equals(base.provider())) {
        throw new IllegalArgumentException(
            "cached " + c.provider() + " section laid over " + base.provider());
      }
      for (String r : c.regionRates().keySet()) {
        byRegion.put(r, c);
      }
    }
    Set<String> covered = byRegion.keySet();
    Map<String, InstanceType> types = new LinkedHashMap<>();
    for (InstanceType t : base.instanceTypes()) {
      Set<String> regions = new TreeSet<>(t.regions());
      Map<String, RegionPrice> prices = new TreeMap<>(t.prices());
      prices.keySet().removeAll(covered);
      types.put(t.name(), t.withOffers(new ArrayList<>(regions), prices));
    }
    for (Map.Entry<String, ProviderCatalog> e : byRegion.entrySet()) {
      String region = e.getKey();
      for (InstanceType c : e.getValue().instanceTypes()) {
        RegionPrice p = c.prices().get(region);
        if (p == null) {
          continue;
        }
        InstanceType t = types.get(c.name());
        InstanceType base1 = t != null ? t : c.withOffers(List.of(), Map.of());
        Set<String> regions = new TreeSet<>(base1.regions());
        regions.add(region);
        Map<String, RegionPrice> prices = new TreeMap<>(base1.prices());
        prices.put(region, p);
        types.put(c.name(), base1.withOffers(new ArrayList<>(regions), prices));
      }
    }
    Map<String, RegionRates> rates = new TreeMap<>(base.regionRates());
    List<CustomRates> custom = new ArrayList<>();
    for (CustomRates c : base.customRates()) {
      if (!covered.contains(c.region())) {
        custom.add(c);
      }
    }
    Set<ProviderCatalog> seen = new HashSet<>();
    StringBuilder note = new StringBuilder();
    for (Map.Entry<String, ProviderCatalog> e : byRegion.entrySet()) {
      rates.put(e.getKey(), e.getValue().regionRates().get(e.getKey()));
      if (seen.add(e.getValue())) {
        custom.addAll(e.getValue().customRates());
      }
      note.append(note.length() == 0 ? "" : "; ")
          .append(e.getKey())
          .append(" as of ")
          .append(e.getValue().asOf());
    }
    String sources =
        byRegion.values().stream()
            .map(ProviderCatalog::source)
            .distinct()
            .reduce((a, b) -> a + "; " + b)
            .orElse("");
    return new ProviderCatalog(
        base.provider(),
        base.asOf(),
        base.source() + " | local catalog cache: " + sources,
        "Prices of "
            + String.join(", ", covered)
            + " come from the local catalog cache ('nestlab catalog refresh': "
            + note
            + "); other regions from the "
            + base.asOf()
            + " catalog. "
            + base.note(),
        new ArrayList<>(types.values()),
        rates,
        custom);
  }

  /** {@code catalog} with each provider's cached regions laid over its section. */
  public Catalog overlay(Catalog catalog) {
    List<Entry> all = entries();
    if (all.isEmpty()) {
      return catalog;
    }
    Catalog c = catalog;
    for (ProviderCatalog p : catalog.providers()) {
      List<ProviderCatalog> mine =
          all.stream().filter(e -> e.provider().equals(p.provider())).map(Entry::section).toList();
      if (!mine.isEmpty()) {
        c = c.with(overlay(p, mine));
      }
    }
    return c;
  }

  /** The refresh command for {@code provider} and {@code region}, for messages. */
  public static String refreshCommand(String provider, String region) {
    return "nestlab catalog refresh --provider " + provider + " --region " + region;
  }
}
