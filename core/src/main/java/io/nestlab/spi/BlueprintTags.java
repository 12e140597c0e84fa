package io.nestlab.spi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The tags (labels) on a blueprint's disk snapshot (docs/design/0130). A blueprint is not part of
 * the lab it was saved from: its {@link LabTags#LAB} tag is {@link #labTagOf its own} ({@code
 * bp-NAME}), so destroying the lab leaves it, {@code listOwned} and {@code sweep} find it like any
 * owned resource, and its {@link LabTags#LEASE_UNTIL} tag is its expiry. No value is a secret.
 *
 * @param name the blueprint's name (a valid tag value)
 * @param owner who saved it
 * @param created when it was saved
 * @param expires when {@code sweep} may delete it
 * @param version NestLab's version
 * @param specHash {@link #SPEC_HASH}
 * @param sourceLab the lab it was saved from
 * @param saveKey {@link #SAVE_KEY}
 */
public record BlueprintTags(
    String name,
    String owner,
    Instant created,
    Instant expires,
    String version,
    String specHash,
    String sourceLab,
    String saveKey) {

  /** The blueprint's name. */
  public static final String BLUEPRINT = "nestlab-blueprint";

  /** The first 16 hex digits of the SHA-256 of the lab spec it holds (its name left out). */
  public static final String SPEC_HASH = "nestlab-spec-hash";

  /** The lab the blueprint was saved from. */
  public static final String SOURCE_LAB = "nestlab-source-lab";

  /**
   * The save's idempotency key: a provider whose cloud has no client token for snapshots (EBS
   * {@code CreateSnapshot}) finds an earlier snapshot of the same save by this tag; a {@code down}
   * of the source lab after an interrupted save deletes the snapshot carrying it.
   */
  public static final String SAVE_KEY = "nestlab-save-key";

  /** The prefix of a blueprint's {@link LabTags#LAB} tag. */
  public static final String LAB_PREFIX = "bp-";

  public BlueprintTags {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
  }

  /** The {@link LabTags#LAB} value of the blueprint {@code name}'s snapshots. */
  public static String labTagOf(String name) {
    return LAB_PREFIX + name;
  }

  /** Whether {@code tags} are a blueprint's. */
  public static boolean isBlueprint(Map<String, String> tags) {
    return tags.containsKey(BLUEPRINT);
  }

  /** Every resource of the blueprint {@code name} (its snapshots, in every region listed). */
  public static TagFilter filter(String name) {
    return new TagFilter(Map.of(LabTags.LAB, labTagOf(name), BLUEPRINT, name));
  }

  public Map<String, String> toMap() {
    Map<String, String> m =
        new LinkedHashMap<>(
            new LabTags(labTagOf(name), owner == null ? "unknown" : owner, created, expires, version)
                .toMap());
    m.put(BLUEPRINT, name);
    if (specHash != null) {
      m.put(SPEC_HASH, specHash);
    }
    if (sourceLab != null) {
      m.put(SOURCE_LAB, LabTags.sanitize(sourceLab));
    }
    if (saveKey != null) {
      m.put(SAVE_KEY, LabTags.sanitize(saveKey));
    }
    return m;
  }
}
