package io.nestlab.spi;

import java.util.Map;

/**
 * Selects owned resources by tag. {@code equal} entries must match exactly; an empty filter selects
 * every resource that has the {@link LabTags#LAB} tag at all.
 */
public record TagFilter(Map<String, String> equal) {
  public TagFilter {
    equal = Map.copyOf(equal);
  }

  /** Every resource of one lab. */
  public static TagFilter lab(String labId) {
    return new TagFilter(Map.of(LabTags.LAB, labId));
  }

  /** Every resource of any lab. */
  public static TagFilter anyLab() {
    return new TagFilter(Map.of());
  }

  public boolean matches(Map<String, String> tags) {
    if (!tags.containsKey(LabTags.LAB)) {
      return false;
    }
    return equal.entrySet().stream().allMatch(e -> e.getValue().equals(tags.get(e.getKey())));
  }
}
