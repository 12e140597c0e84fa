package io.nestlab.catalog;

import io.nestlab.catalog.internal.KeyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One instance (AWS) or machine (GCE) type, as facts from the provider; whether it can carry a lab
 * is decided by {@link Eligibility}, not here.
 *
 * @param name the provider's name, for example {@code c8i.4xlarge} or {@code n2-standard-16}
 * @param series the family or series, for example {@code c8i} or {@code n2}
 * @param vcpus default vCPUs (hardware threads)
 * @param memoryGib memory in GiB
 * @param vendor the processor's maker
 * @param architecture {@code x86_64}, {@code arm64}, ...
 * @param metal a bare-metal type (no hypervisor between the L1 OS and the hardware)
 * @param nestedVirtualization a virtual type that can expose hardware virtualization to its guest
 *     (AWS {@code nested-virtualization} processor feature; GCE Intel series that allow it)
 * @param localStorageGib instance-local disk (NVMe/SSD) in GiB, 0 when none
 * @param spotOffered whether the provider sells this type on the spot market at all
 * @param regions regions where the type is offered, sorted
 * @param prices prices by region; a region can be offered yet unpriced in an embedded snapshot
 */
public record InstanceType(
    String name,
    String series,
    int vcpus,
    double memoryGib,
    CpuVendor vendor,
    String architecture,
    boolean metal,
    boolean nestedVirtualization,
    int localStorageGib,
    boolean spotOffered,
    List<String> regions,
    Map<String, RegionPrice> prices) {

  public InstanceType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(architecture, "architecture");
    if (vcpus <= 0 || !(memoryGib > 0) || localStorageGib < 0) {
      throw new IllegalArgumentException(
          name + ": vCPUs and memory must be positive, local storage not negative");
    }
    regions = KeyOrder.distinctAscending(regions);
    prices = KeyOrder.byKey(prices);
  }

  /** The same type offered in {@code regions} at {@code prices} (a live catalog's update). */
  public InstanceType withOffers(List<String> regions, Map<String, RegionPrice> prices) {
    return new InstanceType(
        name,
        series,
        vcpus,
        memoryGib,
        vendor,
        architecture,
        metal,
        nestedVirtualization,
        localStorageGib,
        spotOffered,
        regions,
        prices);
  }

  /** The price in {@code region}, if the catalog has one. */
  public java.util.Optional<RegionPrice> price(String region) {
    return java.util.Optional.ofNullable(prices.get(region));
  }
}
