package io.nestlab.spi;

import java.util.Comparator;
import java.util.Map;

/**
 * A cloud resource that carries NestLab's tags.
 *
 * @param id the provider's id (or name, where the provider names resources)
 */
public record OwnedResource(
    String provider, String region, ResourceKind kind, String id, Map<String, String> tags) {

  /** Deletion order: by kind (see {@link ResourceKind}), then by id for determinism. */
  public static final Comparator<OwnedResource> DELETION_ORDER =
      Comparator.comparing(OwnedResource::kind).thenComparing(OwnedResource::id);

  public OwnedResource {
    tags = Map.copyOf(tags);
  }

  /** For messages: {@code instance i-0abc (us-east-1)}. */
  public String describe() {
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + " "
        + id
        + " ("
        + region
        + ")";
  }
}
