package io.nestlab.catalog;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which instance types can be an L1 host for nested ESXi, at what nesting depth and support level,
 * and on which markets. The rules live here and nowhere else (docs/cost-model.md explains them).
 *
 * <ul>
 *   <li>Only x86-64 Intel by default; AMD only when {@code allowAmd} (nested ESXi on AMD is
 *       unverified); Arm and anything else never.
 *   <li>Bare metal: ESXi is a KVM guest and its VMs run at depth 2; {@link SupportLevel#PROVEN}.
 *       Spot when the provider sells the type as spot and the cloud's traits ({@link
 *       CloudTraits#spotMetal()}, {@link CloudTraits#spotNested()}) allow it: not GCE metal.
 *   <li>Nested-virtualization VM: depth 3, {@link SupportLevel#EXPERIMENTAL}. AWS: on-demand only
 *       (spot refusal reported, not disproven). GCE: spot allowed.
 *   <li>GCE nested virtualization: Intel series N1, N2, C2, C3, C4, N4 only (not E2, AMD, Arm or
 *       memory-optimized series).
 * </ul>
 */
public final class Eligibility {
  /** GCE series that allow {@code enableNestedVirtualization} (Intel, not E2/memory-optimized). */
  public static final Set<String> GCE_NESTED_SERIES = Set.of("n1", "n2", "c2", "c3", "c4", "n4");

  /** GCE series whose processors are AMD. */
  public static final Set<String> GCE_AMD_SERIES = Set.of("n2d", "c2d", "c3d", "c4d", "t2d", "n4d");

  /** GCE series whose processors are Arm. */
  public static final Set<String> GCE_ARM_SERIES = Set.of("t2a", "c4a", "n4a");

  /**
   * GCE series for which the planner also offers custom shapes: every series that allows nested
   * virtualization and has custom machine types (C2, C3 and C4 have none; see {@link
   * CustomShapeRules}).
   */
  public static final Set<String> GCE_CUSTOM_SERIES = Set.of("n1", "n2", "n4");

  /**
   * IOPS a Hyperdisk Balanced volume includes at no charge; NestLab provisions no more (Compute
   * Engine docs, "About Hyperdisk Balanced", baseline performance).
   */
  public static final int HYPERDISK_BASELINE_IOPS = 3000;

  /** Throughput (MiB/s) a Hyperdisk Balanced volume includes at no charge. */
  public static final int HYPERDISK_BASELINE_MIBPS = 140;

  /**
   * Custom machine types cost this factor times the predefined per-vCPU and per-GiB rates (Google
   * Cloud pricing: custom vCPUs and memory carry a 5% premium).
   */
  public static final BigDecimal CUSTOM_PREMIUM = new BigDecimal("1.05");

  /** The nesting depth of ESXi's VMs on a metal L1 host. */
  public static final int METAL_DEPTH = 2;

  /** The nesting depth of ESXi's VMs on a nested-virtualization L1 VM. */
  public static final int NESTED_DEPTH = 3;

  private Eligibility() {}

  /**
   * How a type can carry a lab.
   *
   * @param kind metal or nested VM
   * @param nestingDepth depth of ESXi's VMs
   * @param support proven or experimental
   * @param markets the markets the type may be bought on for a lab
   */
  public record Verdict(
      HostKind kind, int nestingDepth, SupportLevel support, Set<Market> markets) {
    public Verdict {
      markets = Set.copyOf(markets);
    }
  }

  /** The verdict for {@code type} of {@code provider}, or null when it cannot be an L1 host. */
  public static Verdict evaluate(String provider, InstanceType type, boolean allowAmd) {
    return ineligibleReason(type, allowAmd) != null ? null : verdict(provider, type);
  }

  /** Why {@code type} can never be an L1 host, or null when it can. */
  public static String ineligibleReason(InstanceType type, boolean allowAmd) {
    if (!"x86_64".equals(type.architecture())) {
      return type.architecture() + " is not x86-64";
    }
    if (type.vendor() == CpuVendor.AMD && !allowAmd) {
      return "AMD processors are off by default (nested ESXi on AMD is unverified)";
    }
    if (type.vendor() == CpuVendor.OTHER) {
      return "not an Intel or AMD processor";
    }
    if (!type.metal() && !type.nestedVirtualization()) {
      return "neither bare metal nor nested-virtualization capable";
    }
    return null;
  }

  /**
   * The verdicts made so far per provider, by shape (metal, spot offered): a plan asks for every
   * type of the catalog, and there are four different answers per cloud (docs/design/0200).
   */
  private static final ConcurrentHashMap<String, Known> KNOWN = new ConcurrentHashMap<>();

  private record Known(CloudTraits cloud, Verdict[] byShape) {}

  private static Verdict verdict(String provider, InstanceType type) {
    CloudTraits cloud = Clouds.builtIn().get(provider);
    Known known = KNOWN.get(provider);
    if (known == null || known.cloud() != cloud) {
      known = new Known(cloud, new Verdict[4]);
      KNOWN.put(provider, known);
    }
    int shape = (type.metal() ? 1 : 0) | (type.spotOffered() ? 2 : 0);
    Verdict v = known.byShape()[shape];
    if (v == null) {
      v = verdict(cloud, type);
      known.byShape()[shape] = v; // a race makes an equal verdict twice, no harm
    }
    return v;
  }

  private static Verdict verdict(CloudTraits cloud, InstanceType type) {
    Set<Market> markets = EnumSet.of(Market.ON_DEMAND);
    if (type.metal()) {
      if (type.spotOffered() && cloud.spotMetal()) {
        markets.add(Market.SPOT);
      }
      return new Verdict(HostKind.METAL, METAL_DEPTH, SupportLevel.PROVEN, markets);
    }
    if (type.spotOffered() && cloud.spotNested()) {
      markets.add(Market.SPOT);
    }
    return new Verdict(HostKind.NESTED, NESTED_DEPTH, SupportLevel.EXPERIMENTAL, markets);
  }

  /**
   * Whether {@code type} takes only Hyperdisk Balanced disks: GCE C4, N4 and every GCE bare-metal
   * type (Compute Engine docs, "Machine series support" of Hyperdisk Balanced).
   */
  public static boolean hyperdiskOnly(String provider, InstanceType type) {
    return Clouds.builtIn()
        .find(provider)
        .map(c -> c.hyperdiskOnly(type.series(), type.metal()))
        .orElse(false);
  }

  /** The GCE series of a machine type name: {@code n2-standard-16} is {@code n2}. */
  public static String gceSeries(String machineType) {
    int dash = machineType.indexOf('-');
    return (dash < 0 ? machineType : machineType.substring(0, dash)).toLowerCase(Locale.ROOT);
  }

  /** The processor maker of a GCE series. */
  public static CpuVendor gceVendor(String series) {
    if (GCE_AMD_SERIES.contains(series)) {
      return CpuVendor.AMD;
    }
    if (GCE_ARM_SERIES.contains(series)) {
      return CpuVendor.OTHER;
    }
    return CpuVendor.INTEL;
  }

  /** Whether a GCE machine type allows nested virtualization (non-metal Intel nested series). */
  public static boolean gceNestedVirtualization(String machineType) {
    return !machineType.endsWith("-metal") && GCE_NESTED_SERIES.contains(gceSeries(machineType));
  }
}
