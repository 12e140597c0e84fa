package io.nestlab.gcp.catalog;

import io.nestlab.catalog.CustomRates;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.catalog.RegionRates;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Composes Compute Engine prices from Cloud Billing Catalog SKUs: a machine type costs vCPUs x the
 * series' per-vCPU-hour SKU plus GiB x its per-GiB-hour SKU, per region, on demand and spot; disks
 * from the "Balanced PD Capacity" (or Hyperdisk Balanced) SKU per GiB-month; a public IP from the
 * "External IP Charge on a Standard VM" SKU. Pure: no I/O.
 */
public final class SkuPrices {
  /** {@code [Spot Preemptible ]N2 [Predefined ]Instance Core|Ram running in ...}. */
  private static final Pattern MACHINE =
      Pattern.compile(
          "(?:Spot Preemptible |Preemptible )?(?<series>[A-Za-z][A-Za-z0-9]*)"
              + "(?: Predefined)? Instance (?<part>Core|Ram) running in .*");

  private static final Pattern BALANCED = Pattern.compile("Balanced PD Capacity( in .*)?");
  private static final Pattern HYPERDISK = Pattern.compile("Hyperdisk Balanced Capacity( in .*)?");
  private static final Pattern IP = Pattern.compile("External IP Charge on a Standard VM.*");

  /** Rates of one series in one region. */
  private static final class Rates {
    BigDecimal core;
    BigDecimal ram;
    BigDecimal spotCore;
    BigDecimal spotRam;
  }

  private final Map<String, Rates> machine = new TreeMap<>(); // series|region
  private final Map<String, BigDecimal> balanced = new TreeMap<>();
  private final Map<String, BigDecimal> hyperdisk = new TreeMap<>();
  private final Map<String, BigDecimal> ip = new TreeMap<>();
  private int used;

  /** Reads the SKUs; unrelated ones (licences, commitments, sole tenancy, custom) are skipped. */
  public static SkuPrices of(List<Sku> skus) {
    SkuPrices p = new SkuPrices();
    for (Sku s : skus) {
      p.add(s);
    }
    return p;
  }

  private void add(Sku s) {
    String d = s.description();
    boolean onDemand = s.usageType().equals("OnDemand");
    boolean spot = s.usageType().equals("Preemptible");
    if (!onDemand && !spot || d.contains("Custom") || d.contains("Sole Tenancy")) {
      return;
    }
    Matcher m = MACHINE.matcher(d);
    if (m.matches()) {
      boolean core = m.group("part").equals("Core");
      if (core && !s.usageUnit().equals("h") || !core && !s.usageUnit().equals("GiBy.h")) {
        return;
      }
      String series = m.group("series").toLowerCase(Locale.ROOT);
      for (String region : s.regions()) {
        Rates r = machine.computeIfAbsent(series + "|" + region, k -> new Rates());
        if (core && !spot) {
          r.core = s.usdPerUnit();
        } else if (core) {
          r.spotCore = s.usdPerUnit();
        } else if (!spot) {
          r.ram = s.usdPerUnit();
        } else {
          r.spotRam = s.usdPerUnit();
        }
      }
      used++;
      return;
    }
    if (!onDemand) {
      return;
    }
    Map<String, BigDecimal> target = null;
    if (BALANCED.matcher(d).matches() && s.usageUnit().equals("GiBy.mo")) {
      target = balanced;
    } else if (HYPERDISK.matcher(d).matches() && s.usageUnit().equals("GiBy.mo")) {
      target = hyperdisk;
    } else if (IP.matcher(d).matches() && s.usageUnit().equals("h")) {
      target = ip;
    }
    if (target != null) {
      for (String region : s.regions()) {
        target.put(region, s.usdPerUnit());
      }
      used++;
    }
  }

  /** How many SKUs fed a price. */
  public int skusUsed() {
    return used;
  }

  /**
   * On-demand and spot price of {@code vcpus} and {@code memoryGib} of {@code series} in {@code
   * region}.
   */
  public Optional<RegionPrice> machinePrice(
      String series, String region, int vcpus, double memoryGib) {
    Rates r = machine.get(series + "|" + region);
    if (r == null || r.core == null || r.ram == null) {
      return Optional.empty();
    }
    BigDecimal gib = BigDecimal.valueOf(memoryGib);
    BigDecimal onDemand = r.core.multiply(BigDecimal.valueOf(vcpus)).add(r.ram.multiply(gib));
    BigDecimal spot =
        r.spotCore == null || r.spotRam == null
            ? null
            : r.spotCore.multiply(BigDecimal.valueOf(vcpus)).add(r.spotRam.multiply(gib));
    return Optional.of(new RegionPrice(region, round(onDemand), spot == null ? null : round(spot)));
  }

  private static BigDecimal round(BigDecimal v) {
    return v.round(new MathContext(8, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }

  /**
   * {@code base} with every price the SKUs give replaced: machine types (metal types of a series
   * use that series' rates), custom-shape rates, disk and IP rates. Types or regions the SKUs do
   * not cover keep their base price, and the note says how many.
   */
  public ProviderCatalog applyTo(ProviderCatalog base, LocalDate asOf) {
    List<InstanceType> types = new ArrayList<>();
    int priced = 0;
    int kept = 0;
    for (InstanceType t : base.instanceTypes()) {
      Map<String, RegionPrice> prices = new LinkedHashMap<>(t.prices());
      for (String region : t.regions()) {
        Optional<RegionPrice> p = machinePrice(t.series(), region, t.vcpus(), t.memoryGib());
        if (p.isPresent()) {
          RegionPrice live = p.get();
          prices.put(
              region,
              t.spotOffered() ? live : new RegionPrice(region, live.onDemandUsdPerHour(), null));
          priced++;
        } else if (prices.containsKey(region)) {
          kept++;
        }
      }
      types.add(t.withOffers(t.regions(), prices));
    }
    Map<String, RegionRates> rates = new TreeMap<>(base.regionRates());
    for (Map.Entry<String, BigDecimal> e : balanced.entrySet()) {
      RegionRates old = rates.get(e.getKey());
      BigDecimal ipRate = ip.getOrDefault(e.getKey(), ip.get("global"));
      if (ipRate == null && old != null) {
        ipRate = old.publicIpUsdPerHour();
      }
      if (ipRate != null) {
        // Hyperdisk Balanced from its SKU, else the snapshot's (derived) rate; the Spot VM IP
        // rate stays the snapshot's (this reader has no Spot IP SKU)
        BigDecimal hd = hyperdisk.get(e.getKey());
        rates.put(
            e.getKey(),
            new RegionRates(
                e.getKey(),
                "pd-balanced",
                e.getValue(),
                ipRate,
                old == null ? null : old.spotPublicIpUsdPerHour(),
                hd != null ? hd : old == null ? null : old.hyperdiskUsdPerGibMonth()));
      }
    }
    List<CustomRates> custom = new ArrayList<>();
    for (CustomRates c : base.customRates()) {
      Rates r = machine.get(c.series() + "|" + c.region());
      if (r != null && r.core != null && r.ram != null) {
        custom.add(new CustomRates(c.series(), c.region(), r.core, r.ram, r.spotCore, r.spotRam));
      } else {
        custom.add(c);
      }
    }
    String note =
        "Live prices from the Cloud Billing Catalog API ("
            + used
            + " SKUs; "
            + priced
            + " type-region prices composed from per-vCPU and per-GiB SKUs"
            + (kept == 0 ? "" : "; " + kept + " kept from the embedded snapshot for lack of SKUs")
            + ")."
            + (hyperdisk.isEmpty()
                ? ""
                : " Hyperdisk Balanced capacity (C4, N4, metal) from its own SKU.");
    return new ProviderCatalog(
        base.provider(),
        asOf,
        "Cloud Billing Catalog API, service Compute Engine (6F81-5844-456A), fetched " + asOf,
        note,
        types,
        rates,
        custom);
  }

  /** Hyperdisk Balanced capacity per GiB-month in {@code region}, when a SKU gave it. */
  public Optional<BigDecimal> hyperdiskBalancedUsdPerGibMonth(String region) {
    return Optional.ofNullable(hyperdisk.get(region));
  }
}
