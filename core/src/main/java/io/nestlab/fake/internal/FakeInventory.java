package io.nestlab.fake.internal;

import io.nestlab.spi.HostState;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the fake cloud holds, by tag: listing, deleting one resource at a time (refused while
 * something still uses it, as real clouds do) and renewing leases.
 */
public final class FakeInventory {
  private final FakeCloud cloud;

  public FakeInventory(FakeCloud cloud) {
    this.cloud = cloud;
  }

  public List<OwnedResource> listOwned(TagFilter filter) {
    return cloud.call(
        "listOwned",
        data ->
            data.resources.values().stream()
                .filter(r -> !(r.kind == ResourceKind.INSTANCE && r.state == HostState.TERMINATED))
                .filter(r -> filter.matches(r.tags))
                .map(r -> new OwnedResource(FakeCloud.ID, r.region, r.kind, r.id, r.tags))
                .sorted(OwnedResource.DELETION_ORDER)
                .toList());
  }

  public void delete(OwnedResource resource) {
    cloud.call(
        "delete",
        data -> {
          FakeResource r = data.resources.get(resource.id());
          if (r == null) {
            return null;
          }
          switch (r.kind) {
            case INSTANCE -> cloud.terminate(data, r);
            case NETWORK -> {
              requireUnused(data, r, "network", o -> r.id.equals(o.parentId));
              data.resources.remove(r.id);
            }
            case FIREWALL -> {
              requireUnused(
                  data,
                  r,
                  "firewall",
                  o ->
                      o.kind == ResourceKind.INSTANCE
                          && r.parentId != null
                          && r.parentId.equals(o.parentId));
              data.resources.remove(r.id);
            }
            case VOLUME -> {
              FakeResource owner = data.resources.get(r.parentId);
              if (owner != null && FakeCloud.live(owner)) {
                throw cloud.error(
                    "VolumeInUse", true, "volume " + r.id + " is attached to " + owner.id);
              }
              data.resources.remove(r.id);
            }
            default -> data.resources.remove(r.id);
          }
          return null;
        });
  }

  /** Refuses to delete {@code r} while a live resource {@code uses} it. */
  private void requireUnused(
      CloudData data, FakeResource r, String what, Predicate<FakeResource> uses) {
    List<String> users =
        data.resources.values().stream()
            .filter(o -> uses.test(o) && FakeCloud.live(o))
            .map(o -> o.id)
            .toList();
    if (!users.isEmpty()) {
      throw cloud.error(
          "DependencyViolation",
          true,
          what + " " + r.id + " is still used by " + String.join(", ", users));
    }
  }

  public void renewLease(OwnedResource resource, Instant leaseUntil) {
    cloud.call(
        "renewLease",
        data -> {
          FakeResource r = data.resources.get(resource.id());
          if (r == null || (r.kind == ResourceKind.INSTANCE && r.state == HostState.TERMINATED)) {
            throw cloud.error(
                "InvalidResource.NotFound", false, resource.describe() + " does not exist");
          }
          r.tags.put(LabTags.LEASE_UNTIL, LabTags.formatTime(leaseUntil));
          return null;
        });
  }
}
