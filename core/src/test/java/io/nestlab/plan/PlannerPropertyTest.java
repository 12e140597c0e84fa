package io.nestlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CpuVendor;
import io.nestlab.catalog.CustomRates;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.Market;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.catalog.RegionRates;
import io.nestlab.spec.EsxiCpus;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.GuestSpec;
import io.nestlab.spec.HostOverride;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MarketPreference;
import io.nestlab.spec.PlacementKind;
import io.nestlab.spec.PlacementSpec;
import io.nestlab.spec.PolicySpec;
import io.nestlab.spec.VcenterSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The planner against a deliberately naive brute force on hundreds of random specs (seeded, so a
 * failure reproduces): every type x region x market is tried on its own, with the eligibility rules
 * written out again from the issue, and custom shapes are found by trying every shape.
 */
class PlannerPropertyTest {
  private static final long SEED = 20261124L;
  private static final int SPECS = 200;
  private static final List<String> REGIONS =
      List.of("us-east-1", "eu-west-1", "us-central1", "europe-west1", "asia-east1", "us-east4");
  private static final Catalog CATALOG = Catalog.embedded();

  /** 4% of nominal memory is not usable (ResourceModel.NOMINAL_MEMORY_UNUSABLE_FRACTION). */
  private static final double USABLE = 0.96;

  @Test
  void plannerAgreesWithBruteForceOnRandomSpecs() {
    Random rnd = new Random(SEED);
    int feasible = 0;
    int infeasible = 0;
    for (int i = 0; i < SPECS; i++) {
      LabSpec spec = randomSpec(rnd, i);
      PlanOptions options = PlanOptions.defaults().withAllowAmd(rnd.nextInt(4) == 0);
      Plan plan = Planner.plan(spec, CATALOG, options);
      List<String> expected = new ArrayList<>();
      TreeSet<String> expectedInfeasible = new TreeSet<>();
      bruteForce(spec, options, expected, expectedInfeasible);
      List<String> actual = plan.options().stream().map(PlannerPropertyTest::key).toList();
      String context = "spec #" + i + " (seed " + SEED + "): " + spec;
      for (int k = 0; k < Math.min(expected.size(), actual.size()); k++) {
        assertEquals(expected.get(k), actual.get(k), "option " + k + " of " + context);
      }
      assertEquals(expected.size(), actual.size(), context);
      assertEquals(
          expectedInfeasible,
          new TreeSet<>(plan.infeasible().stream().map(Infeasible::provider).toList()),
          context);
      if (plan.options().isEmpty()) {
        infeasible++;
      } else {
        feasible++;
      }
    }
    // the generator must exercise both outcomes, or the test proves little
    org.junit.jupiter.api.Assertions.assertTrue(
        feasible > SPECS / 5 && infeasible > SPECS / 20,
        "feasible " + feasible + ", infeasible " + infeasible);
  }

  private static String key(PlanOption o) {
    return key(o.provider(), o.region(), o.instanceType(), o.market(), o.hourly().usd());
  }

  private static String key(String p, String r, String t, Market m, BigDecimal hourly) {
    return hourly.setScale(8, RoundingMode.HALF_UP).toPlainString()
        + " "
        + p
        + " "
        + r
        + " "
        + t
        + " "
        + m;
  }

  static LabSpec randomSpec(Random rnd, int i) {
    int[] cpus = {1, 2, 4, 8, 16, 32, 96};
    int count = 1 + rnd.nextInt(8);
    int cpu = cpus[rnd.nextInt(cpus.length)];
    int mem = 4 + rnd.nextInt(rnd.nextBoolean() ? 64 : 400);
    Map<String, HostOverride> overrides = new HashMap<>();
    if (rnd.nextInt(4) == 0) {
      overrides.put(
          "esx-01", new HostOverride(cpus[rnd.nextInt(cpus.length)], mem * 2, null, null));
    }
    LabSpec.class.getName();
    var b =
        LabSpec.builder()
            .name("random-" + i)
            .esxi(
                new EsxiSpec(
                    "8.0U3", count, "esx", cpu, mem, 32, 50 + rnd.nextInt(3000), overrides));
    String[] sizes = {"tiny", "small", "medium", "large", "xlarge"};
    if (rnd.nextInt(3) > 0) {
      b.vcenter(
          new VcenterSpec(
              "8.0U3", sizes[rnd.nextInt(sizes.length)], rnd.nextBoolean() ? "l1" : null));
    }
    for (int g = rnd.nextInt(4); g > 0; g--) {
      b.guest(new GuestSpec("g" + g, 1, 2, 10 + rnd.nextInt(500), "esx-01", null));
    }
    double[] memOver = {1.0, 1.5, 2.0, 3.0};
    double[] cpuOver = {1.0, 2.0, 4.0, 8.0};
    b.policy(
        new PolicySpec(
            Duration.ofHours(1 + rnd.nextInt(24)),
            null,
            null,
            memOver[rnd.nextInt(4)],
            cpuOver[rnd.nextInt(4)]));
    List<String> providers =
        switch (rnd.nextInt(4)) {
          case 0 -> List.of("aws");
          case 1 -> List.of("gcp");
          default -> List.of();
        };
    List<String> regions = new ArrayList<>();
    if (rnd.nextBoolean()) {
      for (int r = 1 + rnd.nextInt(3); r > 0; r--) {
        regions.add(REGIONS.get(rnd.nextInt(REGIONS.size())));
      }
    }
    BigDecimal cap = rnd.nextInt(4) == 0 ? BigDecimal.valueOf(10 + rnd.nextInt(1500), 2) : null;
    b.placement(
        new PlacementSpec(
            providers,
            regions,
            PlacementKind.values()[rnd.nextInt(3)],
            MarketPreference.values()[rnd.nextInt(3)],
            cap));
    return b.build();
  }

  /** Every option and every provider without one, by trying everything. */
  static void bruteForce(
      LabSpec spec, PlanOptions options, List<String> out, TreeSet<String> infeasible) {
    Requirements req = ResourceModel.requirements(spec);
    PlacementSpec pl = spec.placement();
    List<String> providers = pl.providers().isEmpty() ? CATALOG.providerIds() : pl.providers();
    List<Market> markets =
        switch (pl.market()) {
          case ON_DEMAND -> List.of(Market.ON_DEMAND);
          case SPOT -> List.of(Market.SPOT);
          case ANY -> List.of(Market.ON_DEMAND, Market.SPOT);
        };
    List<Object[]> found = new ArrayList<>();
    for (String p : providers) {
      ProviderCatalog section = CATALOG.provider(p).orElseThrow();
      int before = found.size();
      Map<String, BigDecimal> cheapestSeries = new HashMap<>();
      for (InstanceType t : section.instanceTypes()) {
        if (!eligible(t, options.allowAmd())
            || !kindOk(pl.kind(), t.metal())
            || !cpuOk(p, t.series(), spec)) {
          continue;
        }
        for (RegionPrice rp : t.prices().values()) {
          RegionRates rates = section.regionRates().get(rp.region());
          if ((!pl.regions().isEmpty() && !pl.regions().contains(rp.region())) || rates == null) {
            continue;
          }
          for (Market m : markets) {
            BigDecimal price = m == Market.SPOT ? rp.spotUsdPerHour() : rp.onDemandUsdPerHour();
            if (price == null || !marketOk(p, t.metal(), t.spotOffered(), m)) {
              continue;
            }
            if (t.vcpus() < req.largestVmVcpus()
                || t.vcpus() < req.l1Vcpus() - 1e-9
                || t.memoryGib() * USABLE < req.l1MemoryGib() - 1e-9) {
              continue;
            }
            boolean local = t.metal() && t.localStorageGib() >= req.dataDiskGib();
            if (!local && req.dataDiskGib() > 16_384) {
              continue;
            }
            cheapestSeries.merge(t.series() + rp.region() + m, price, BigDecimal::min);
            BigDecimal hourly = hourly(price, rates, req, local, hyperdisk(p, t), m);
            if (pl.maxHourlyUsd() == null || hourly.compareTo(pl.maxHourlyUsd()) <= 0) {
              found.add(new Object[] {hourly, key(p, rp.region(), t.name(), m, hourly), t.metal()});
            }
          }
        }
      }
      for (CustomRates cr : section.customRates()) {
        RegionRates rates = section.regionRates().get(cr.region());
        InstanceType template =
            section.instanceTypes().stream()
                .filter(t -> t.series().equals(cr.series()) && !t.metal())
                .findFirst()
                .orElseThrow();
        if ((!pl.regions().isEmpty() && !pl.regions().contains(cr.region()))
            || rates == null
            || !eligible(template, options.allowAmd())
            || !cpuOk(p, cr.series(), spec)
            || !kindOk(pl.kind(), false)
            || req.dataDiskGib() > 16_384) {
          continue;
        }
        for (Market m : markets) {
          BigDecimal cpuRate = m == Market.SPOT ? cr.spotVcpuUsdPerHour() : cr.vcpuUsdPerHour();
          BigDecimal memRate =
              m == Market.SPOT ? cr.spotMemoryUsdPerGibHour() : cr.memoryUsdPerGibHour();
          if (cpuRate == null || !marketOk(p, false, template.spotOffered(), m)) {
            continue;
          }
          BigDecimal best = null;
          int bestV = 0;
          int bestQ = 0;
          // N1: 1 or even to 96, 0.9-6.5 GiB per vCPU; N2: even to 32, then multiples of 4 to 80,
          // 0.5-8 GiB; N4: even to 16, then multiples of 4 to 80, 2-8 GiB (memory in 1/4 GiB)
          int maxV = cr.series().equals("n1") ? 96 : 80;
          int evenTo = cr.series().equals("n1") ? 96 : cr.series().equals("n2") ? 32 : 16;
          double minG = cr.series().equals("n1") ? 0.9 : cr.series().equals("n2") ? 0.5 : 2;
          double maxG = cr.series().equals("n1") ? 6.5 : 8;
          for (int v = 1; v <= maxV; v++) {
            boolean allowed =
                (v == 1 && cr.series().equals("n1"))
                    || (v % 2 == 0 && v <= evenTo)
                    || (v > evenTo && v % 4 == 0);
            if (!allowed) {
              continue;
            }
            for (int q = (int) Math.ceil(minG * 4 * v - 1e-9); q <= maxG * 4 * v; q++) {
              double gib = q / 4.0;
              if (v < req.largestVmVcpus()
                  || v < req.l1Vcpus() - 1e-9
                  || gib * USABLE < req.l1MemoryGib() - 1e-9) {
                continue;
              }
              BigDecimal price =
                  cpuRate
                      .multiply(BigDecimal.valueOf(v))
                      .add(memRate.multiply(BigDecimal.valueOf(gib)))
                      .multiply(new BigDecimal("1.05"));
              if (best == null || price.compareTo(best) < 0) {
                best = price;
                bestV = v;
                bestQ = q;
              }
              break; // more memory at this vCPU count only costs more
            }
          }
          BigDecimal predefined = cheapestSeries.get(cr.series() + cr.region() + m);
          if (best == null || (predefined != null && best.compareTo(predefined) >= 0)) {
            continue;
          }
          BigDecimal hourly = hourly(best, rates, req, false, hyperdisk(p, template), m);
          if (pl.maxHourlyUsd() == null || hourly.compareTo(pl.maxHourlyUsd()) <= 0) {
            String name =
                (cr.series().equals("n1") ? "" : cr.series() + "-")
                    + "custom-"
                    + bestV
                    + "-"
                    + bestQ * 256;
            found.add(new Object[] {hourly, key(p, cr.region(), name, m, hourly), false});
          }
        }
      }
      if (found.size() == before) {
        infeasible.add(p);
      }
    }
    found.sort(
        (a, b) -> {
          int c = ((BigDecimal) a[0]).compareTo((BigDecimal) b[0]);
          if (c == 0) {
            c = Boolean.compare((Boolean) b[2], (Boolean) a[2]); // metal (proven) first
          }
          return c != 0
              ? c
              : ((String) a[1])
                  .substring(((String) a[1]).indexOf(' '))
                  .compareTo(((String) b[1]).substring(((String) b[1]).indexOf(' ')));
        });
    for (Object[] f : found) {
      out.add((String) f[1]);
    }
  }

  private static BigDecimal hourly(
      BigDecimal instance,
      RegionRates rates,
      Requirements req,
      boolean local,
      boolean hyperdisk,
      Market m) {
    // each disk is priced GiB x monthly rate / 730, rounded once to 10 decimals (Money's scale)
    // amounts are exact to 10 decimals (Money.SCALE); longer catalog prices are rounded once
    BigDecimal diskRate =
        hyperdisk && rates.hyperdiskUsdPerGibMonth() != null
            ? rates.hyperdiskUsdPerGibMonth()
            : rates.diskUsdPerGibMonth();
    BigDecimal ip =
        m == Market.SPOT && rates.spotPublicIpUsdPerHour() != null
            ? rates.spotPublicIpUsdPerHour()
            : rates.publicIpUsdPerHour();
    BigDecimal hourly =
        instance
            .setScale(10, RoundingMode.HALF_EVEN)
            .add(ip)
            .add(disk(diskRate, req.bootDiskGib()));
    return local ? hourly : hourly.add(disk(diskRate, req.dataDiskGib()));
  }

  private static BigDecimal disk(BigDecimal rate, int gib) {
    return rate.multiply(BigDecimal.valueOf(gib))
        .divide(BigDecimal.valueOf(730), 10, RoundingMode.HALF_EVEN);
  }

  /** GCE C4, N4 and metal take only Hyperdisk Balanced. */
  private static boolean hyperdisk(String provider, InstanceType t) {
    return provider.equals("gcp")
        && (t.metal() || t.series().equals("c4") || t.series().equals("n4"));
  }

  /**
   * No CPU the series may be placed on is unsupported by the lab's ESXi major or its upgrade
   * target's (design 0195): a series the table does not know is offered.
   */
  private static boolean cpuOk(String provider, String series, LabSpec spec) {
    List<String> majors = new ArrayList<>();
    majors.add(spec.esxi().version().substring(0, 1));
    if (spec.upgrade() != null && spec.upgrade().esxiVersion() != null) {
      majors.add(spec.upgrade().esxiVersion().substring(0, 1));
    }
    for (EsxiCpus.Generation g : EsxiCpus.embedded().cpusOf(provider, series)) {
      for (String major : majors) {
        if (g.byEsxiMajor().get(major) == EsxiCpus.Support.UNSUPPORTED) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean eligible(InstanceType t, boolean amd) {
    boolean vendor = t.vendor() == CpuVendor.INTEL || (amd && t.vendor() == CpuVendor.AMD);
    return "x86_64".equals(t.architecture()) && vendor && (t.metal() || t.nestedVirtualization());
  }

  private static boolean kindOk(PlacementKind kind, boolean metal) {
    return kind == PlacementKind.ANY || (kind == PlacementKind.METAL) == metal;
  }

  private static boolean marketOk(String provider, boolean metal, boolean spotOffered, Market m) {
    if (m == Market.ON_DEMAND) {
      return true;
    }
    // GCE metal: no spot. AWS nested-virtualization VMs: on-demand only.
    return spotOffered && !(metal ? provider.equals("gcp") : provider.equals("aws"));
  }
}
