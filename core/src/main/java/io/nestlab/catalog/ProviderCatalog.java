package io.nestlab.catalog;

import io.nestlab.catalog.internal.KeyOrder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one provider's catalog knows: its instance types with prices, per-region disk and IP
 * rates, and custom-shape rates.
 *
 * @param provider the provider id, for example {@code aws}, {@code gcp} or {@code fake}
 * @param asOf the date of the prices
 * @param source where the figures come from
 * @param note a caveat users must see next to any estimate (for example "prices for us-east-1
 *     only"), or an empty string
 * @param instanceTypes types, sorted by name
 * @param regionRates disk and IP rates by region
 * @param customRates rates for custom machine shapes, possibly empty
 */
public record ProviderCatalog(
    String provider,
    LocalDate asOf,
    String source,
    String note,
    List<InstanceType> instanceTypes,
    Map<String, RegionRates> regionRates,
    List<CustomRates> customRates) {

  public ProviderCatalog {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(source, "source");
    note = note == null ? "" : note;
    instanceTypes = byName(instanceTypes);
    regionRates = KeyOrder.byKey(regionRates);
    customRates = List.copyOf(customRates);
  }

  /** The type called {@code name}, if this catalog has it. */
  public Optional<InstanceType> instanceType(String name) {
    for (InstanceType t : instanceTypes) {
      if (t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code types} sorted by name, unmodifiable. A loop and a plain comparator, not a stream: every
   * offline command reads the embedded catalog at start-up (docs/design/0200).
   */
  private static List<InstanceType> byName(List<InstanceType> types) {
    List<InstanceType> sorted = new ArrayList<>(types);
    sorted.sort(
        new Comparator<InstanceType>() {
          @Override
          public int compare(InstanceType a, InstanceType b) {
            return a.name().compareTo(b.name());
          }
        });
    return Collections.unmodifiableList(sorted);
  }

  /** Disk and IP rates of {@code region}, if known. */
  public Optional<RegionRates> rates(String region) {
    return Optional.ofNullable(regionRates.get(region));
  }
}
