package io.nestlab.gcp.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What NestLab knows of a Compute Engine machine type from its name: series, shape, whether it is
 * bare metal, whether nested virtualization may be enabled, which disk type it takes, which CPU
 * quota it counts against. Sources: the Compute Engine machine-family and nested-virtualization
 * pages (see docs/design/0061-gcp-instance-shape.md).
 */
public record MachineSeries(String series, String machineType, boolean metal, boolean custom) {
  private static final Pattern NAME =
      Pattern.compile("(?<series>[a-z][a-z0-9]*)-(?<rest>[a-z0-9-]+)|custom-\\d+-\\d+(-ext)?");

  /** Intel series that accept advancedMachineFeatures.enableNestedVirtualization. */
  private static final Set<String> NESTED_OK =
      Set.of("n1", "n2", "c2", "c3", "c4", "n4", "m1", "m2", "m3", "c2s", "h3");

  /** Series whose disks must be Hyperdisk (no Persistent Disk). */
  private static final Set<String> HYPERDISK_ONLY =
      Set.of("c4", "c4a", "c4d", "n4", "n4a", "n4d", "x4", "m4", "h4d", "a4", "z3");

  /** Parses a machine type name such as {@code n2-standard-16}, {@code n2-custom-16-131072}. */
  public static MachineSeries of(String machineType) {
    String t = machineType.trim().toLowerCase(Locale.ROOT);
    Matcher m = NAME.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + machineType + "' is not a Compute Engine machine type name (e.g. n2-standard-16)");
    }
    boolean n1Custom = t.startsWith("custom-");
    String series = n1Custom ? "n1" : m.group("series");
    return new MachineSeries(series, t, t.endsWith("-metal"), n1Custom || t.contains("-custom-"));
  }

  /** Whether the nested-virtualization flag is allowed on this series (Intel VMs only). */
  public boolean supportsNestedVirtualization() {
    return !metal && NESTED_OK.contains(series);
  }

  /** Why nested virtualization is refused here, for messages. */
  public String nestedRefusal() {
    if (metal) {
      return machineType + " is bare metal: it needs no nested-virtualization flag";
    }
    if (series.equals("e2")) {
      return "E2 machine types do not support nested virtualization; use n2, c3 or c4";
    }
    if (series.endsWith("d") || series.endsWith("a")) {
      return "the "
          + series.toUpperCase(Locale.ROOT)
          + " series is AMD or Arm; nested virtualization needs an Intel series (n2, c3, c4, n4)";
    }
    return "nested virtualization is not documented for the "
        + series.toUpperCase(Locale.ROOT)
        + " series; use n2, c3, c4 or n4";
  }

  /** {@code hyperdisk-balanced} for series that only take Hyperdisk, else {@code pd-balanced}. */
  public String diskType() {
    return metal || HYPERDISK_ONLY.contains(series) ? "hyperdisk-balanced" : "pd-balanced";
  }

  /** N1 needs Haswell or later for nested virtualization; newer series need nothing. */
  public String minCpuPlatform(boolean nested) {
    return nested && series.equals("n1") ? "Intel Haswell" : null;
  }

  /** Shielded VM (Secure Boot, vTPM, integrity monitoring) is offered on VMs, not on metal. */
  public boolean shieldedVm() {
    return !metal;
  }

  /** The regional quota metric the vCPUs count against. */
  public String cpuQuotaMetric(boolean spot) {
    if (spot) {
      return "PREEMPTIBLE_CPUS";
    }
    return series.equals("n1") ? "CPUS" : series.toUpperCase(Locale.ROOT) + "_CPUS";
  }

  /** Spot is refused for bare metal. */
  public boolean supportsSpot() {
    return !metal;
  }
}
