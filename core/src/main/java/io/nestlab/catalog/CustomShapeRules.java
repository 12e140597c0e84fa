package io.nestlab.catalog;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which custom machine shapes a GCE series accepts: vCPU counts and memory per vCPU, memory in 256
 * MiB steps. Source: Compute Engine documentation, "Create a VM with a custom machine type"
 * (docs/cost-model.md cites it per series).
 *
 * @param series for example {@code n2}
 * @param oneVcpu whether a single vCPU is allowed (N1)
 * @param evenUpTo vCPU counts up to this one must be even
 * @param maxVcpus the most vCPUs a custom shape may have; above {@code evenUpTo} only multiples of
 *     4 are allowed
 * @param minGibPerVcpu least memory per vCPU
 * @param maxGibPerVcpu most memory per vCPU without extended memory (NestLab never asks for it)
 */
public record CustomShapeRules(
    String series,
    boolean oneVcpu,
    int evenUpTo,
    int maxVcpus,
    double minGibPerVcpu,
    double maxGibPerVcpu) {

  /** Memory of a custom shape is a multiple of this many MiB. */
  public static final int MEMORY_STEP_MIB = 256;

  private static final Map<String, CustomShapeRules> RULES =
      Map.of(
          "n1", new CustomShapeRules("n1", true, 96, 96, 0.9, 6.5),
          "n2", new CustomShapeRules("n2", false, 32, 80, 0.5, 8.0),
          "n4", new CustomShapeRules("n4", false, 16, 80, 2.0, 8.0));

  public CustomShapeRules {
    Objects.requireNonNull(series, "series");
    if (evenUpTo < 2
        || maxVcpus < evenUpTo
        || !(minGibPerVcpu > 0)
        || maxGibPerVcpu < minGibPerVcpu) {
      throw new IllegalArgumentException("inconsistent custom shape rules for " + series);
    }
  }

  /**
   * The rules of a series that has custom shapes NestLab can use (Compute Engine's N1, N2, N4);
   * which cloud sells a series in custom shapes is a trait ({@link
   * io.nestlab.CloudTraits#customShapes()}).
   */
  public static Optional<CustomShapeRules> of(String series) {
    return Optional.ofNullable(RULES.get(series));
  }

  /** The least vCPU count at or above {@code v} that this series accepts, or -1 when none. */
  public int allowedVcpus(int v) {
    int a;
    if (v <= 1 && oneVcpu) {
      a = 1;
    } else if (v <= evenUpTo) {
      a = Math.max(2, v + v % 2);
    } else {
      a = (v + 3) / 4 * 4;
    }
    return a > maxVcpus ? -1 : a;
  }

  /**
   * The machine type name: {@code custom-V-M} for N1 (Compute Engine's name for N1 custom shapes),
   * {@code SERIES-custom-V-M} otherwise.
   */
  public String name(int vcpus, int memoryMib) {
    return ("n1".equals(series) ? "" : series + "-") + "custom-" + vcpus + "-" + memoryMib;
  }
}
