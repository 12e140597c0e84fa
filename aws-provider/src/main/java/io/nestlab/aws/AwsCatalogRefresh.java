package io.nestlab.aws;

import io.nestlab.aws.internal.AwsClients;
import io.nestlab.aws.internal.AwsErrors;
import io.nestlab.aws.internal.PriceListClient;
import io.nestlab.cost.Money;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

/**
 * Live catalog refresh for one AWS region: the instance types able to carry KVM (bare metal, or
 * accepting {@code CpuOptions.NestedVirtualization}) from a paginated {@code
 * DescribeInstanceTypes}, current Spot prices from {@code DescribeSpotPriceHistory}, and on-demand
 * prices from the AWS Price List Query API (see docs/design/0051-aws-prices.md).
 */
public final class AwsCatalogRefresh {
  private final AwsClients clients;
  private final URI pricingEndpoint;

  AwsCatalogRefresh(AwsClients clients, URI pricingEndpoint) {
    this.clients = clients;
    this.pricingEndpoint = pricingEndpoint;
  }

  /** One instance type able to be an L1 host. */
  public record InstanceType(
      String name,
      int vcpus,
      long memoryMib,
      boolean bareMetal,
      boolean nestedVirtualization,
      String manufacturer,
      List<String> architectures,
      boolean spot,
      int localStorageGib) {
    public InstanceType {
      architectures = List.copyOf(architectures);
    }
  }

  /** The latest Spot price of a type in one zone. */
  public record SpotPrice(String instanceType, String zone, Money hourly, Instant since) {}

  /**
   * What one refresh read.
   *
   * @param gp3UsdPerGibMonth the region's gp3 storage rate, or null when it was not read
   */
  public record Result(
      String region,
      Instant fetchedAt,
      List<InstanceType> instanceTypes,
      List<SpotPrice> spotPrices,
      Map<String, Money> onDemandHourly,
      BigDecimal gp3UsdPerGibMonth) {
    public Result {
      instanceTypes = List.copyOf(instanceTypes);
      spotPrices = List.copyOf(spotPrices);
      onDemandHourly = Map.copyOf(onDemandHourly);
    }
  }

  /**
   * Reads the catalog. On-demand prices are asked only for {@code onDemandTypes} (one Price List
   * query each), since the Price List answers one type per query.
   */
  public Result refresh(List<String> onDemandTypes) {
    String region = clients.region().id();
    List<InstanceType> types = instanceTypes();
    List<SpotPrice> spot = spotPrices(types);
    Map<String, Money> onDemand = new TreeMap<>();
    PriceListClient prices = prices();
    for (String t : onDemandTypes) {
      prices.onDemandHourly(region, t).ifPresent(p -> onDemand.put(t, p));
    }
    return new Result(region, Instant.now(), types, spot, onDemand, null);
  }

  /**
   * Reads the whole region: every KVM-capable type, its Spot prices, the on-demand prices of every
   * type (one paginated Price List query) and the gp3 storage rate.
   */
  public Result refreshRegion() {
    String region = clients.region().id();
    List<InstanceType> types = instanceTypes();
    List<SpotPrice> spot = spotPrices(types);
    PriceListClient prices = prices();
    Map<String, Money> onDemand = prices.onDemandHourlyByType(region);
    BigDecimal gp3 = prices.gp3UsdPerGibMonth(region).orElse(null);
    return new Result(region, Instant.now(), types, spot, onDemand, gp3);
  }

  private PriceListClient prices() {
    return new PriceListClient(
        clients.http(), clients.credentials(), pricingEndpoint, 4, Duration.ofMillis(200));
  }

  List<InstanceType> instanceTypes() {
    List<InstanceType> out = new ArrayList<>();
    AwsErrors.run(
        "listing instance types",
        () ->
            clients
                .ec2()
                .describeInstanceTypesPaginator(b -> b.maxResults(100))
                .instanceTypes()
                .forEach(
                    i -> {
                      InstanceType t = of(i);
                      if (t.bareMetal() || t.nestedVirtualization()) {
                        out.add(t);
                      }
                    }));
    return out;
  }

  static InstanceType of(InstanceTypeInfo i) {
    var cpu = i.processorInfo();
    return new InstanceType(
        i.instanceTypeAsString(),
        i.vCpuInfo() == null || i.vCpuInfo().defaultVCpus() == null
            ? 0
            : i.vCpuInfo().defaultVCpus(),
        i.memoryInfo() == null || i.memoryInfo().sizeInMiB() == null
            ? 0
            : i.memoryInfo().sizeInMiB(),
        Boolean.TRUE.equals(i.bareMetal()),
        cpu != null && cpu.supportedFeaturesAsStrings().contains("nested-virtualization"),
        cpu == null ? null : cpu.manufacturer(),
        cpu == null ? List.of() : cpu.supportedArchitecturesAsStrings(),
        i.supportedUsageClassesAsStrings().contains("spot"),
        i.instanceStorageInfo() == null || i.instanceStorageInfo().totalSizeInGB() == null
            ? 0
            : i.instanceStorageInfo().totalSizeInGB().intValue());
  }

  List<SpotPrice> spotPrices(List<InstanceType> types) {
    List<String> names = types.stream().filter(InstanceType::spot).map(InstanceType::name).toList();
    Map<String, SpotPrice> latest = new LinkedHashMap<>();
    for (int from = 0; from < names.size(); from += 100) {
      List<String> batch = names.subList(from, Math.min(names.size(), from + 100));
      AwsErrors.run(
          "reading Spot prices",
          () ->
              clients
                  .ec2()
                  .describeSpotPriceHistoryPaginator(
                      b ->
                          b.instanceTypesWithStrings(batch)
                              .productDescriptions("Linux/UNIX")
                              .startTime(Instant.now()))
                  .spotPriceHistory()
                  .forEach(
                      p -> {
                        String key = p.instanceTypeAsString() + "@" + p.availabilityZone();
                        SpotPrice s =
                            new SpotPrice(
                                p.instanceTypeAsString(),
                                p.availabilityZone(),
                                Money.usd(new BigDecimal(p.spotPrice())),
                                p.timestamp());
                        SpotPrice old = latest.get(key);
                        if (old == null
                            || (s.since() != null
                                && old.since() != null
                                && s.since().isAfter(old.since()))) {
                          latest.put(key, s);
                        }
                      }));
    }
    return List.copyOf(latest.values());
  }
}
