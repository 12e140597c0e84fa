package io.nestlab.engine.internal.op;

import io.nestlab.engine.SweepReport;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.wait.DeleteUntilGone;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Deletes every resource whose lease tag has passed, from tags alone (no state file). */
public final class Sweep {
  private final EngineContext ctx;

  public Sweep(EngineContext ctx) {
    this.ctx = ctx;
  }

  public SweepReport sweep(String providerId, ProviderSettings settings, boolean dryRun) {
    try (LabProvider provider = ctx.resolver().open(providerId, settings)) {
      Instant now = ctx.clock().instant();
      List<OwnedResource> expired = new ArrayList<>();
      List<OwnedResource> skipped = new ArrayList<>();
      List<OwnedResource> all =
          ctx.retrier(ctx.timings().destroyTimeout())
              .call(() -> provider.listOwned(TagFilter.anyLab()));
      for (OwnedResource r : all) {
        Instant until = leaseOf(r);
        if (until == null) {
          skipped.add(r);
        } else if (until.isBefore(now)) {
          expired.add(r);
        }
      }
      if (dryRun || expired.isEmpty()) {
        return new SweepReport(dryRun, expired, List.of(), skipped);
      }
      Set<String> ids = new HashSet<>();
      expired.forEach(r -> ids.add(r.id()));
      new DeleteUntilGone(ctx, provider, ctx.timings().destroyTimeout())
          .run(
              () ->
                  provider.listOwned(TagFilter.anyLab()).stream()
                      .filter(r -> ids.contains(r.id()))
                      .toList(),
              left -> {},
              "expired resources",
              "");
      return new SweepReport(false, expired, expired, skipped);
    }
  }

  private static Instant leaseOf(OwnedResource r) {
    String lease = r.tags().get(LabTags.LEASE_UNTIL);
    try {
      return lease == null ? null : LabTags.parseTime(lease);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
