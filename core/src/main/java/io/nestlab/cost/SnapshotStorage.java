package io.nestlab.cost;

import io.nestlab.catalog.SnapshotRates;
import java.math.BigDecimal;
import java.util.Optional;

/** What keeping a disk snapshot (a blueprint) costs, from the catalog's snapshot rates. */
public final class SnapshotStorage {
  private SnapshotStorage() {}

  /** {@code gib} GiB of snapshot kept one month in {@code region}; empty without a rate. */
  public static Optional<Money> perMonth(String provider, String region, long gib) {
    return SnapshotRates.embedded()
        .usdPerGibMonth(provider, region)
        .map(r -> Money.usd(r.multiply(BigDecimal.valueOf(gib))));
  }

  /** The same per hour (a month is 730 hours, as everywhere in NestLab's cost model). */
  public static Optional<Money> perHour(String provider, String region, long gib) {
    return perMonth(provider, region, gib).map(m -> m.dividedBy(BigDecimal.valueOf(730)));
  }
}
