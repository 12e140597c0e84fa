package io.nestlab.aws;

import io.nestlab.NestLabException;
import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.catalog.CpuVendor;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.catalog.RegionRates;
import io.nestlab.cost.Money;
import io.nestlab.spi.ProviderSettings;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The {@code aws} catalog section with one region read live (see docs/design/0053): the region's
 * KVM-capable instance types from {@code DescribeInstanceTypes}, their on-demand prices from the
 * AWS Price List Query API, their Spot prices from {@code DescribeSpotPriceHistory} and the gp3
 * rate, laid over the embedded snapshot, which keeps every other region.
 *
 * <p>The region is the provider setting {@code region} (or the SDK's chain); credentials and
 * endpoints are the provider's. Each {@link #load()} opens clients and closes them.
 */
public final class AwsLiveCatalogSource implements CatalogSource {
  private final Supplier<AwsLabProvider> providers;
  private final CatalogSource base;
  private final Clock clock;

  AwsLiveCatalogSource(Supplier<AwsLabProvider> providers, CatalogSource base, Clock clock) {
    this.providers = providers;
    this.base = base;
    this.clock = clock;
  }

  /**
   * A source reading the region of {@code settings} (the {@code aws} provider's settings: {@code
   * region}, credentials, {@code endpoint}, {@code pricingEndpoint}, ...) over the embedded
   * snapshot.
   *
   * @throws io.nestlab.InvalidSpecException naming every bad setting
   */
  public static AwsLiveCatalogSource create(ProviderSettings settings) {
    AwsSettings parsed = AwsSettings.parse(settings);
    return new AwsLiveCatalogSource(
        () ->
            AwsLabProviderFactory.create(
                parsed, List.of(), Duration.ofMillis(100), Duration.ofSeconds(5)),
        CatalogSource.embedded("aws"),
        Clock.systemUTC());
  }

  /** The same source on another base section and clock (tests, or a custom snapshot). */
  public AwsLiveCatalogSource withBase(CatalogSource newBase, Clock newClock) {
    return new AwsLiveCatalogSource(providers, newBase, newClock);
  }

  @Override
  public String provider() {
    return "aws";
  }

  @Override
  public ProviderCatalog load() {
    AwsCatalogRefresh.Result live;
    try (AwsLabProvider p = providers.get()) {
      live = p.refreshRegion();
    }
    return merge(base.load(), live, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
  }

  /** Lays the live figures of one region over {@code snapshot}. */
  static ProviderCatalog merge(
      ProviderCatalog snapshot, AwsCatalogRefresh.Result live, LocalDate asOf) {
    String region = live.region();
    Map<String, AwsCatalogRefresh.InstanceType> liveTypes = new LinkedHashMap<>();
    live.instanceTypes().forEach(t -> liveTypes.put(t.name(), t));
    Map<String, BigDecimal> spot = highestSpot(live.spotPrices());

    List<InstanceType> types = new ArrayList<>();
    int priced = 0;
    int withSpot = 0;
    int added = 0;
    int withdrawn = 0;
    for (InstanceType t : snapshot.instanceTypes()) {
      AwsCatalogRefresh.InstanceType l = liveTypes.remove(t.name());
      if (l == null) {
        if ((t.metal() || t.nestedVirtualization()) && t.regions().contains(region)) {
          // A KVM-capable type the region no longer lists: it cannot be launched there.
          withdrawn++;
          types.add(withoutRegion(t, region));
        } else {
          types.add(t);
        }
        continue;
      }
      RegionPrice price = price(t.price(region).orElse(null), region, live, spot, l);
      if (price != null && live.onDemandHourly().containsKey(t.name())) {
        priced++;
      }
      if (price != null && spot.containsKey(t.name())) {
        withSpot++;
      }
      types.add(withRegion(t, region, price));
    }
    for (AwsCatalogRefresh.InstanceType l : liveTypes.values()) {
      RegionPrice price = price(null, region, live, spot, l);
      if (price == null || l.vcpus() <= 0 || l.memoryMib() <= 0) {
        continue; // an unpriced new type cannot be planned; leave it out
      }
      added++;
      priced++;
      if (spot.containsKey(l.name())) {
        withSpot++;
      }
      types.add(newType(l, region, price));
    }
    if (priced == 0) {
      throw new NestLabException(
          "the AWS Price List returned no on-demand Linux price for any of the "
              + live.instanceTypes().size()
              + " KVM-capable instance types of "
              + region
              + "; keep the embedded catalog");
    }

    Map<String, RegionRates> rates = new TreeMap<>(snapshot.regionRates());
    RegionRates known = rates.get(region);
    RegionRates reference =
        known != null ? known : rates.values().stream().findFirst().orElse(null);
    putLiveRates(rates, region, live, reference);

    String note = note(snapshot, live, asOf, priced, withSpot, added, withdrawn, known, reference);
    String source =
        "AWS live for "
            + region
            + " (EC2 DescribeInstanceTypes and DescribeSpotPriceHistory, AWS Price List Query"
            + " API, fetched "
            + live.fetchedAt()
            + "); otherwise "
            + snapshot.source();
    return new ProviderCatalog(
        snapshot.provider(), asOf, source, note, types, rates, snapshot.customRates());
  }

  /** What the merged catalog says about its live part. */
  private static String note(
      ProviderCatalog snapshot,
      AwsCatalogRefresh.Result live,
      LocalDate asOf,
      int priced,
      int withSpot,
      int added,
      int withdrawn,
      RegionRates known,
      RegionRates reference) {
    String region = live.region();
    return "live for "
        + region
        + " on "
        + asOf
        + ": "
        + priced
        + " types priced on-demand from the Price List, "
        + withSpot
        + " with a Spot price (the highest zone's)"
        + (added == 0 ? "" : ", " + added + " not in the snapshot")
        + (withdrawn == 0 ? "" : ", " + withdrawn + " no longer listed there")
        + "; gp3 "
        + (live.gp3UsdPerGibMonth() != null ? "from the Price List" : "from the snapshot")
        + (known != null || reference == null
            ? ""
            : ", public IPv4 at " + reference.region() + "'s rate")
        + ". Other regions: "
        + snapshot.note();
  }

  /** A type the snapshot lacks, as the live region lists and prices it. */
  private static InstanceType newType(
      AwsCatalogRefresh.InstanceType l, String region, RegionPrice price) {
    return new InstanceType(
        l.name(),
        l.name().contains(".") ? l.name().substring(0, l.name().indexOf('.')) : l.name(),
        l.vcpus(),
        l.memoryMib() / 1024.0,
        CpuVendor.parse(l.manufacturer()),
        architecture(l.architectures()),
        l.bareMetal(),
        l.nestedVirtualization(),
        l.localStorageGib(),
        l.spot(),
        List.of(region),
        Map.of(region, price));
  }

  /**
   * The region's disk and IP rates: the live gp3 rate (else the reference region's) and the
   * reference region's public IPv4 rate; nothing when either is unknown.
   */
  private static void putLiveRates(
      Map<String, RegionRates> rates,
      String region,
      AwsCatalogRefresh.Result live,
      RegionRates reference) {
    BigDecimal disk =
        live.gp3UsdPerGibMonth() != null
            ? live.gp3UsdPerGibMonth()
            : reference == null ? null : reference.diskUsdPerGibMonth();
    BigDecimal ip = reference == null ? null : reference.publicIpUsdPerHour();
    if (disk != null && ip != null) {
      rates.put(region, new RegionRates(region, "gp3", disk, ip));
    }
  }

  /**
   * The region's price of one type: the live on-demand price (else the snapshot's), with the live
   * Spot price when the type is sold as Spot; null when no on-demand price is known.
   */
  private static RegionPrice price(
      RegionPrice snapshot,
      String region,
      AwsCatalogRefresh.Result live,
      Map<String, BigDecimal> spot,
      AwsCatalogRefresh.InstanceType t) {
    Money onDemand = live.onDemandHourly().get(t.name());
    BigDecimal od =
        onDemand != null ? onDemand.usd() : snapshot == null ? null : snapshot.onDemandUsdPerHour();
    if (od == null) {
      return null;
    }
    BigDecimal sp = t.spot() ? spot.get(t.name()) : null;
    return new RegionPrice(region, od, sp);
  }

  /** Per type, the highest of its zones' latest Spot prices: an estimate never below the bill. */
  private static Map<String, BigDecimal> highestSpot(List<AwsCatalogRefresh.SpotPrice> prices) {
    Map<String, BigDecimal> out = new HashMap<>();
    for (AwsCatalogRefresh.SpotPrice p : prices) {
      out.merge(p.instanceType(), p.hourly().usd(), BigDecimal::max);
    }
    return out;
  }

  private static String architecture(List<String> architectures) {
    if (architectures.contains("x86_64")) {
      return "x86_64";
    }
    return architectures.isEmpty() ? "unknown" : architectures.get(0);
  }

  private static InstanceType withRegion(InstanceType t, String region, RegionPrice price) {
    TreeSet<String> regions = new TreeSet<>(t.regions());
    regions.add(region);
    Map<String, RegionPrice> prices = new TreeMap<>(t.prices());
    if (price != null) {
      prices.put(region, price);
    }
    return t.withOffers(List.copyOf(regions), prices);
  }

  private static InstanceType withoutRegion(InstanceType t, String region) {
    List<String> regions = t.regions().stream().filter(r -> !r.equals(region)).toList();
    Map<String, RegionPrice> prices = new TreeMap<>(t.prices());
    prices.remove(region);
    return t.withOffers(regions, prices);
  }
}
