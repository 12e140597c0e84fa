package io.nestlab.fake;

import io.nestlab.catalog.CatalogSource;
import io.nestlab.catalog.CpuVendor;
import io.nestlab.catalog.HostKind;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.Market;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.catalog.RegionRates;
import io.nestlab.catalog.SupportLevel;
import io.nestlab.cost.Money;
import io.nestlab.plan.CostLine;
import io.nestlab.plan.Headroom;
import io.nestlab.plan.PlanOption;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The fake cloud's instance types and prices: a small, realistic-looking menu so planning against
 * the fake behaves like planning against a real cloud. Prices are invented, in the range of real
 * nested-virtualization VMs and metal hosts.
 */
public final class FakeCatalog {
  /** The fake cloud's only region. */
  public static final String REGION = "fake-central-1";

  /** Provisioned disk, per GiB-month (the same as gp3 / pd-balanced order of magnitude). */
  public static final Money DISK_GIB_MONTH = Money.usd("0.08");

  /** A public IPv4 address, per hour. */
  public static final Money PUBLIC_IP_HOUR = Money.usd("0.005");

  private static final List<FakeInstanceType> TYPES =
      List.of(
          new FakeInstanceType("fake.nested.8x64", 8, 64, HostKind.NESTED, Money.usd("0.42")),
          new FakeInstanceType("fake.nested.16x128", 16, 128, HostKind.NESTED, Money.usd("0.84")),
          new FakeInstanceType("fake.nested.32x256", 32, 256, HostKind.NESTED, Money.usd("1.68")),
          new FakeInstanceType("fake.metal.96x384", 96, 384, HostKind.METAL, Money.usd("4.90")));

  private FakeCatalog() {}

  /** Every instance type, cheapest first. */
  public static List<FakeInstanceType> instanceTypes() {
    return TYPES;
  }

  public static Optional<FakeInstanceType> find(String name) {
    return TYPES.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * A plan option on the fake cloud for one instance type and disk sizes, priced like a real
   * option: the instance, the disks (per GiB-month / 730), one public IP. Headroom is left at zero:
   * sizing a lab is the planner's job.
   */
  public static PlanOption option(String instanceType, int bootDiskGib, int dataDiskGib) {
    FakeInstanceType t =
        find(instanceType)
            .orElseThrow(() -> new NoSuchElementException("no fake instance type " + instanceType));
    Money disks =
        DISK_GIB_MONTH.times(bootDiskGib + (long) dataDiskGib).dividedBy(BigDecimal.valueOf(730));
    List<CostLine> lines =
        List.of(
            new CostLine("instance " + t.name(), t.onDemandHourly()),
            new CostLine("disks " + (bootDiskGib + dataDiskGib) + " GiB", disks),
            new CostLine("public IP", PUBLIC_IP_HOUR));
    Money hourly = t.onDemandHourly().plus(disks).plus(PUBLIC_IP_HOUR);
    boolean metal = t.kind() == HostKind.METAL;
    return new PlanOption(
        "fake",
        REGION,
        t.name(),
        Market.ON_DEMAND,
        t.kind(),
        metal ? 2 : 3,
        metal ? SupportLevel.PROVEN : SupportLevel.EXPERIMENTAL,
        t.vcpus(),
        t.memoryGib(),
        bootDiskGib,
        dataDiskGib,
        hourly,
        hourly.times(8),
        hourly.times(730),
        lines,
        new Headroom(0, 0, 0));
  }

  /**
   * The fake cloud's section of the planner's catalog, so {@code up --provider fake} plans like a
   * real cloud: the same eligibility rules, disks and public IP priced per region.
   */
  public static CatalogSource source() {
    return new CatalogSource() {
      @Override
      public String provider() {
        return FakeLabProvider.ID;
      }

      @Override
      public ProviderCatalog load() {
        return catalog();
      }
    };
  }

  /** {@link #source()}'s catalog section. */
  public static ProviderCatalog catalog() {
    List<InstanceType> types =
        TYPES.stream()
            .map(
                t ->
                    new InstanceType(
                        t.name(),
                        t.name().substring(0, t.name().lastIndexOf('.')),
                        t.vcpus(),
                        t.memoryGib(),
                        CpuVendor.INTEL,
                        "x86_64",
                        t.kind() == HostKind.METAL,
                        t.kind() == HostKind.NESTED,
                        0,
                        false,
                        List.of(REGION),
                        Map.of(REGION, new RegionPrice(REGION, t.onDemandHourly().usd(), null))))
            .toList();
    return new ProviderCatalog(
        FakeLabProvider.ID,
        LocalDate.of(2026, 11, 24),
        "invented by NestLab's fake cloud",
        "not a real cloud: prices are made up to look like real ones",
        types,
        Map.of(
            REGION,
            new RegionRates(REGION, "fake-ssd", DISK_GIB_MONTH.usd(), PUBLIC_IP_HOUR.usd())),
        List.of());
  }

  /** One fake instance type. */
  public record FakeInstanceType(
      String name, int vcpus, int memoryGib, HostKind kind, Money onDemandHourly) {}
}
