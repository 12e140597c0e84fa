package io.nestlab.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Builds the embedded catalog ({@code core/src/main/resources/io/nestlab/catalog/catalog.tsv}) from
 * the public tables in {@code ../shared/data}. Re-runnable; the same input gives byte-identical
 * output, and {@code CatalogGeneratorTest} fails when the committed file drifts from it.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl core test-compile exec:java ... (see docs/cost-model.md for the exact command)
 * </pre>
 *
 * <p>Only types that could ever be an L1 host are kept: x86-64 Intel or AMD, bare metal or
 * nested-virtualization capable. {@link Eligibility} still decides at plan time.
 */
public final class CatalogGenerator {
  /** EBS gp3 in us-east-1, USD per GiB-month (AWS EBS pricing page, 2026). */
  static final BigDecimal AWS_GP3_USD_PER_GIB_MONTH = new BigDecimal("0.08");

  /** Public IPv4 address, USD per hour, AWS (shared/data/README.md). */
  static final BigDecimal AWS_PUBLIC_IPV4_USD_PER_HOUR = new BigDecimal("0.005");

  static final String AWS_PRICED_REGION = "us-east-1";

  /**
   * GCE Hyperdisk Balanced capacity against pd-balanced in the same region: $0.08 against $0.10 per
   * GiB-month in us-central1 (Compute Engine disk pricing page; the Cloud Billing Catalog's
   * "Hyperdisk Balanced Capacity" SKU). pricing.yml has no Hyperdisk Balanced rate.
   */
  static final BigDecimal GCE_HYPERDISK_TO_PD_BALANCED = new BigDecimal("0.8");

  /**
   * GCE external IPv4 in use on a Spot or preemptible VM against a standard VM: $0.0025 against
   * $0.005 per hour (Google Cloud VPC pricing, "External IP address pricing").
   */
  static final BigDecimal GCE_SPOT_IP_FACTOR = new BigDecimal("0.5");

  private CatalogGenerator() {}

  public static void main(String[] args) throws IOException {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
    Path out =
        Path.of(
            args.length > 1 ? args[1] : "core/src/main/resources/io/nestlab/catalog/catalog.tsv");
    String text = generate(shared.resolve("data")).toText();
    Files.writeString(out, text, StandardCharsets.UTF_8);
    System.out.println("wrote " + out + " (" + text.length() + " characters)");
  }

  /** The catalog derived from {@code data} (the {@code shared/data} folder). */
  public static Catalog generate(Path data) throws IOException {
    return Catalog.of(aws(data.resolve("aws")), gcp(data.resolve("gcp")));
  }

  static ProviderCatalog aws(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode types = json.readTree(dir.resolve("instance-types.json").toFile());
    Map<String, Set<String>> offered = new HashMap<>();
    try (var files = Files.list(dir.resolve("offerings-by-region"))) {
      for (Path f : files.sorted().toList()) {
        String region = f.getFileName().toString().replaceFirst("\\.txt$", "");
        for (String line : Files.readAllLines(f)) {
          String t = line.trim();
          if (!t.isEmpty() && !t.startsWith("#")) {
            offered.computeIfAbsent(t, k -> new TreeSet<>()).add(region);
          }
        }
      }
    }
    Path priceFile = dir.resolve("ondemand-prices-us-east-1.tsv");
    Map<String, BigDecimal> prices = new HashMap<>();
    LocalDate asOf = null;
    Pattern generated = Pattern.compile("generated (\\d{4}-\\d{2}-\\d{2})");
    for (String line : Files.readAllLines(priceFile)) {
      if (line.startsWith("#")) {
        Matcher m = generated.matcher(line);
        if (m.find() && asOf == null) {
          asOf = LocalDate.parse(m.group(1));
        }
        continue;
      }
      String[] f = line.split("\t");
      if (f.length == 2 && !"instance_type".equals(f[0])) {
        prices.put(f[0].trim(), new BigDecimal(f[1].trim()));
      }
    }
    if (asOf == null) {
      throw new IOException(priceFile + ": no 'generated YYYY-MM-DD' line in the header");
    }
    // every priced virtual type by family and size, to find a metal type's same-size twin
    Map<String, String> virtualBySize = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = types.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().path("BareMetal").asBoolean(false) && prices.containsKey(e.getKey())) {
        virtualBySize.merge(sizeKey(e.getKey(), e.getValue()), e.getKey(), CatalogGenerator::min);
      }
    }
    MetalRule rule = new MetalRule();
    List<InstanceType> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = types.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode t = e.getValue();
      String name = e.getKey();
      JsonNode proc = t.path("ProcessorInfo");
      boolean x86 = false;
      for (JsonNode a : proc.path("SupportedArchitectures")) {
        x86 |= "x86_64".equals(a.asText());
      }
      boolean nested = false;
      for (JsonNode f : proc.path("SupportedFeatures")) {
        nested |= "nested-virtualization".equals(f.asText());
      }
      boolean metal = t.path("BareMetal").asBoolean(false);
      CpuVendor vendor = CpuVendor.parse(proc.path("Manufacturer").asText());
      if (!x86 || vendor == CpuVendor.OTHER || !(metal || nested)) {
        continue;
      }
      boolean spot = false;
      for (JsonNode u : t.path("SupportedUsageClasses")) {
        spot |= "spot".equals(u.asText());
      }
      long localGb = t.path("InstanceStorageInfo").path("TotalSizeInGB").asLong(0);
      int localGib = (int) (localGb * 1_000_000_000L / (1L << 30));
      double memGib = t.path("MemoryInfo").path("SizeInMiB").asLong() / 1024.0;
      Set<String> regions = offered.getOrDefault(name, Set.of());
      Map<String, RegionPrice> byRegion = new TreeMap<>();
      BigDecimal p = prices.get(name);
      if (p != null && regions.contains(AWS_PRICED_REGION)) {
        String twin = metal ? virtualBySize.get(sizeKey(name, t)) : null;
        byRegion.put(
            AWS_PRICED_REGION, rule.price(name, p, twin, twin == null ? null : prices.get(twin)));
      }
      out.add(
          new InstanceType(
              name,
              name.substring(0, name.indexOf('.')),
              t.path("VCpuInfo").path("DefaultVCpus").asInt(),
              memGib,
              vendor,
              "x86_64",
              metal,
              nested,
              localGib,
              spot,
              new ArrayList<>(regions),
              byRegion));
    }
    return new ProviderCatalog(
        "aws",
        asOf,
        "EC2 DescribeInstanceTypes (moto instance_types.json @0af643a5, 2026-08-02) and type"
            + " offerings per region; on-demand Linux prices for us-east-1 from"
            + " karpenter-provider-aws zz_generated.pricing_aws.go @1d927085 (AWS Price List API, "
            + asOf
            + "); gp3 $0.08/GiB-month and public IPv4 $0.005/h from AWS's pricing pages",
        "AWS prices are for us-east-1 only; other AWS regions need a live catalog. " + rule.note(),
        out,
        Map.of(
            AWS_PRICED_REGION,
            new RegionRates(
                AWS_PRICED_REGION, "gp3", AWS_GP3_USD_PER_GIB_MONTH, AWS_PUBLIC_IPV4_USD_PER_HOUR)),
        List.of());
  }

  /** Family and size of an AWS type: {@code m5zn|48|196608} for m5zn.metal and m5zn.12xlarge. */
  static String sizeKey(String name, JsonNode t) {
    return name.substring(0, name.indexOf('.'))
        + "|"
        + t.path("VCpuInfo").path("DefaultVCpus").asInt()
        + "|"
        + t.path("MemoryInfo").path("SizeInMiB").asLong();
  }

  private static String min(String a, String b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * A metal type costs what the same-size virtual type of its family costs: the Price List shows it
   * for most metal types, and where a metal record is higher it is the Dedicated-tenancy record
   * (6-10% above). Such prices are replaced by the virtual type's and marked derived. Generation
   * fails when the data stops showing the rule (fewer metal types match their twin than differ).
   */
  static final class MetalRule {
    int matching;
    final List<String> derived = new ArrayList<>();

    RegionPrice price(String name, BigDecimal own, String twin, BigDecimal twinPrice) {
      if (twinPrice == null || sameMetalPrice(own, twinPrice)) {
        matching += twinPrice == null ? 0 : 1;
        return new RegionPrice(AWS_PRICED_REGION, own, null);
      }
      derived.add(name);
      return new RegionPrice(
          AWS_PRICED_REGION,
          twinPrice,
          null,
          "same as "
              + twin
              + " (the Price List record, $"
              + own.stripTrailingZeros().toPlainString()
              + "/h, is not the shared-tenancy price)");
    }

    /**
     * Equal but for the source's rounding to 3 decimals (i4i.metal 10.982, i4i.32xlarge 10.9824).
     */
    static boolean sameMetalPrice(BigDecimal metal, BigDecimal virtual) {
      return metal.subtract(virtual).abs().compareTo(new BigDecimal("0.001")) <= 0;
    }

    String note() {
      if (matching <= derived.size()) {
        throw new IllegalStateException(
            "only "
                + matching
                + " metal types cost what their same-size virtual type costs and "
                + derived.size()
                + " do not: the data no longer shows the metal-price rule; review CatalogGenerator");
      }
      return derived.size()
          + " metal prices are derived: their Price List records are Dedicated-tenancy prices"
          + " (6-10% above), so they are priced as the same-size virtual type of their family, as"
          + " "
          + matching
          + " other metal types are in the data ("
          + String.join(", ", new TreeSet<>(derived))
          + ").";
    }
  }

  static ProviderCatalog gcp(Path dir) throws IOException {
    LoaderOptions opts = new LoaderOptions();
    opts.setCodePointLimit(64 * 1024 * 1024);
    ObjectMapper yaml =
        new ObjectMapper(YAMLFactory.builder().loaderOptions(opts).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    JsonNode root = yaml.readTree(dir.resolve("pricing.yml").toFile());
    String generated = root.path("about").path("generated").asText();
    // "Thu Jul 30 06:13:17 2026"
    LocalDate asOf =
        LocalDate.parse(
            generated.replaceFirst("^\\w+ (\\w+) +(\\d+) [\\d:]+ (\\d{4})$", "$3-$1-$2"),
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MMM-d", java.util.Locale.ENGLISH));
    JsonNode compute = root.path("compute");
    List<InstanceType> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = compute.path("instance").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode t = e.getValue();
      String series = Eligibility.gceSeries(name);
      CpuVendor vendor = Eligibility.gceVendor(series);
      boolean metal = name.endsWith("-metal");
      boolean nested = Eligibility.gceNestedVirtualization(name);
      if (vendor == CpuVendor.OTHER
          || !(metal || nested)
          || !t.has("cpu")
          || !t.has("ram")
          || name.startsWith("custom-")) {
        continue;
      }
      Map<String, RegionPrice> byRegion = new TreeMap<>();
      boolean spot = false;
      for (Iterator<Map.Entry<String, JsonNode>> rs = t.path("cost").fields(); rs.hasNext(); ) {
        Map.Entry<String, JsonNode> r = rs.next();
        JsonNode hour = r.getValue().get("hour");
        if (hour == null || !hour.isNumber()) {
          continue;
        }
        JsonNode s = r.getValue().get("hour_spot");
        BigDecimal spotPrice = s != null && s.isNumber() ? s.decimalValue() : null;
        spot |= spotPrice != null;
        byRegion.put(r.getKey(), new RegionPrice(r.getKey(), hour.decimalValue(), spotPrice));
      }
      out.add(
          new InstanceType(
              name,
              series,
              t.path("cpu").asInt(),
              t.path("ram").decimalValue().doubleValue(),
              vendor,
              "x86_64",
              metal,
              nested,
              t.path("local-ssd").asInt(0),
              spot,
              new ArrayList<>(byRegion.keySet()),
              byRegion));
    }
    Map<String, RegionRates> rates = new TreeMap<>();
    JsonNode disk = compute.path("storage").path("balanced").path("cost");
    JsonNode ip = compute.path("network").path("ip").path("vm").path("cost");
    for (Iterator<String> rs = disk.fieldNames(); rs.hasNext(); ) {
      String r = rs.next();
      JsonNode month = disk.path(r).get("month");
      JsonNode hour = ip.path(r).get("hour");
      if (month != null && hour != null) {
        rates.put(
            r,
            new RegionRates(
                r,
                "pd-balanced",
                month.decimalValue(),
                hour.decimalValue(),
                hour.decimalValue().multiply(GCE_SPOT_IP_FACTOR).stripTrailingZeros(),
                month
                    .decimalValue()
                    .multiply(GCE_HYPERDISK_TO_PD_BALANCED)
                    .setScale(6, RoundingMode.HALF_EVEN)
                    .stripTrailingZeros()));
      }
    }
    List<CustomRates> custom = new ArrayList<>();
    Set<String> priced = new TreeSet<>();
    Set<String> unpriced = new TreeSet<>();
    for (String series : new TreeSet<>(Eligibility.GCE_CUSTOM_SERIES)) {
      List<CustomRates> rs = customRates(series, out);
      (rs.isEmpty() ? unpriced : priced).add(series.toUpperCase(java.util.Locale.ROOT));
      custom.addAll(rs);
    }
    return new ProviderCatalog(
        "gcp",
        asOf,
        "Cyclenerd/google-cloud-pricing-cost-calculator pricing.yml @fd66b26 (generated "
            + asOf
            + "): machine types, on-demand and spot prices per region, pd-balanced and external"
            + " IP rates",
        "Disks of N1, N2, C2 and C3 VMs are pd-balanced. C4, N4 and metal take only Hyperdisk"
            + " Balanced, priced for capacity only (the provisioned IOPS and throughput stay within"
            + " the free baseline) at 0.8 x the region's pd-balanced rate (derived: the data has no"
            + " Hyperdisk Balanced rate; us-central1 is $0.08 against $0.10). External IPv4 on Spot"
            + " VMs is half the standard rate (derived, per Google's VPC pricing). Custom shapes are"
            + " offered for "
            + String.join(", ", priced)
            + " (rates solved from standard-8 and highmem-8, plus 5%)"
            + (unpriced.isEmpty()
                ? ""
                : "; not for " + String.join(", ", unpriced) + ", whose rates the data lacks")
            + "; C2, C3 and C4 have no custom machine types.",
        out,
        rates,
        custom);
  }

  /**
   * Per-vCPU and per-GiB rates of {@code series} in each region, solved from its standard-8 and
   * highmem-8 types (8 vCPUs with 32 and 64 GiB): memory = (highmem - standard) / 32 GiB, vCPU =
   * (standard - 32 x memory) / 8.
   */
  static List<CustomRates> customRates(String series, List<InstanceType> types) {
    InstanceType std = find(types, series + "-standard-8");
    InstanceType hm = find(types, series + "-highmem-8");
    List<CustomRates> out = new ArrayList<>();
    if (std == null || hm == null) {
      return out;
    }
    BigDecimal memStd = BigDecimal.valueOf(std.memoryGib());
    BigDecimal memDiff = BigDecimal.valueOf(hm.memoryGib() - std.memoryGib());
    BigDecimal cpus = BigDecimal.valueOf(std.vcpus());
    for (RegionPrice s : std.prices().values()) {
      RegionPrice h = hm.prices().get(s.region());
      if (h == null) {
        continue;
      }
      BigDecimal[] od =
          solve(s.onDemandUsdPerHour(), h.onDemandUsdPerHour(), memStd, memDiff, cpus);
      BigDecimal[] sp =
          s.spotUsdPerHour() != null && h.spotUsdPerHour() != null
              ? solve(s.spotUsdPerHour(), h.spotUsdPerHour(), memStd, memDiff, cpus)
              : new BigDecimal[2];
      if (od[0].signum() > 0 && od[1].signum() > 0) {
        out.add(new CustomRates(series, s.region(), od[0], od[1], sp[0], sp[1]));
      }
    }
    return out;
  }

  private static BigDecimal[] solve(
      BigDecimal std, BigDecimal hm, BigDecimal memStd, BigDecimal memDiff, BigDecimal cpus) {
    BigDecimal mem = hm.subtract(std).divide(memDiff, 8, RoundingMode.HALF_EVEN);
    BigDecimal cpu = std.subtract(mem.multiply(memStd)).divide(cpus, 8, RoundingMode.HALF_EVEN);
    return new BigDecimal[] {cpu, mem};
  }

  private static InstanceType find(List<InstanceType> types, String name) {
    return types.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }
}
