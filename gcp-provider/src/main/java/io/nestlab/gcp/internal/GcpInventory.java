package io.nestlab.gcp.internal;

import io.nestlab.gcp.internal.GcpResourceKinds.Found;
import io.nestlab.gcp.internal.GcpResourceKinds.Kind;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything carrying a lab's labels, by kind ({@link GcpResourceKinds}): listed in deletion order
 * with the live lease applied, deleted one by one, and leases moved. Ids are {@link GcpResourceId}
 * short forms, parsed and checked before any call.
 */
public final class GcpInventory {
  private final String region;
  private final List<Kind> kinds;

  /**
   * @param region the one region listed (resources elsewhere are left out); null for every region
   */
  public GcpInventory(String region, GcpResourceKinds kinds) {
    this.region = region;
    this.kinds = kinds.all();
  }

  /** Every owned resource matching {@code wanted}, in deletion order. */
  public List<OwnedResource> list(TagFilter wanted) {
    // The lease is matched after the lab's live lease is applied (see withLabLeases).
    Map<String, String> relaxedEqual = new TreeMap<>(wanted.equal());
    relaxedEqual.remove(LabTags.LEASE_UNTIL);
    TagFilter filter = new TagFilter(relaxedEqual);
    StringBuilder f = new StringBuilder("labels." + LabTags.LAB + ":*");
    new TreeMap<>(filter.equal())
        .forEach(
            (k, v) -> f.append(" AND labels.").append(k).append(" = \"").append(v).append('"'));
    List<OwnedResource> out = new ArrayList<>();
    for (Kind kind : kinds) {
      for (Found found : kind.list().apply(f.toString())) {
        if (filter.matches(found.labels()) && (region == null || region.equals(found.region()))) {
          out.add(
              new OwnedResource(
                  GcpErrors.PROVIDER,
                  found.region(),
                  kind.kind(),
                  found.id().path(),
                  found.labels()));
        }
      }
    }
    out.sort(OwnedResource.DELETION_ORDER);
    return withLabLeases(out, wanted);
  }

  /** Deletes one resource; one already gone counts as deleted. */
  public void delete(OwnedResource resource) {
    Kind kind = kindOf(resource);
    kind.delete().accept(idOf(resource, kind));
  }

  /** Moves the lease of one resource (only the host and its disks carry one). */
  public void renewLease(OwnedResource resource, Instant leaseUntil) {
    Kind kind = kindOf(resource);
    kind.relabel().accept(idOf(resource, kind), LabTags.formatTime(leaseUntil));
  }

  private Kind kindOf(OwnedResource resource) {
    for (Kind k : kinds) {
      if (k.kind() == resource.kind()) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "the gcp provider owns no " + resource.kind() + " resources: " + resource.id());
  }

  private static GcpResourceId idOf(OwnedResource resource, Kind kind) {
    try {
      return GcpResourceId.parse(resource.id(), kind.collection());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "gcp: " + resource.describe() + " has no usable id: " + e.getMessage(), e);
    }
  }

  /**
   * Networks, subnetworks, firewall rules and machine images hold the lease they were made with;
   * the lab's host holds the live one (renewLease moves it there). Their effective lease is the
   * later of the two, so a sweep never takes the network from under a living host. See
   * docs/design/0060-gcp-provider.md.
   */
  private static List<OwnedResource> withLabLeases(List<OwnedResource> owned, TagFilter filter) {
    Map<String, String> hostLease = new TreeMap<>();
    for (OwnedResource r : owned) {
      String lease = r.tags().get(LabTags.LEASE_UNTIL);
      if ((r.kind() == ResourceKind.INSTANCE || r.kind() == ResourceKind.VOLUME) && lease != null) {
        hostLease.merge(r.tags().get(LabTags.LAB), lease, (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }
    List<OwnedResource> out = new ArrayList<>();
    for (OwnedResource r : owned) {
      String live = hostLease.get(r.tags().get(LabTags.LAB));
      String own = r.tags().get(LabTags.LEASE_UNTIL);
      if (live != null && (own == null || live.compareTo(own) > 0)) {
        Map<String, String> tags = new TreeMap<>(r.tags());
        tags.put(LabTags.LEASE_UNTIL, live);
        r = new OwnedResource(r.provider(), r.region(), r.kind(), r.id(), tags);
      }
      if (filter.matches(r.tags())) {
        out.add(r);
      }
    }
    return out;
  }
}
