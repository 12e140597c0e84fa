package io.nestlab.engine;

import io.nestlab.spi.OwnedResource;
import java.util.List;

/**
 * What a sweep found and did.
 *
 * @param expired resources whose lease has passed
 * @param deleted of those, the ones deleted (empty on a dry run)
 * @param skipped resources with NestLab's lab tag but no readable lease, left alone
 */
public record SweepReport(
    boolean dryRun,
    List<OwnedResource> expired,
    List<OwnedResource> deleted,
    List<OwnedResource> skipped) {
  public SweepReport {
    expired = List.copyOf(expired);
    deleted = List.copyOf(deleted);
    skipped = List.copyOf(skipped);
  }
}
