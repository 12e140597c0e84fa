package io.nestlab.samples.cli;

import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabProviderFactory;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labs a cloud shows by their tags alone, whatever state this machine has (docs/design/0037):
 * every resource tagged {@code nestlab-lab}, grouped by lab.
 *
 * @param resources the lab's resources, in deletion order
 */
record CloudLabs(String labId, String provider, List<OwnedResource> resources) {

  CloudLabs {
    resources = resources.stream().sorted(OwnedResource.DELETION_ORDER).toList();
  }

  /** Every lab {@code provider} shows, by id. */
  static Map<String, CloudLabs> list(String provider, ProviderSettings settings) {
    Map<String, List<OwnedResource>> byLab = new TreeMap<>();
    try (LabProvider p = LabProviders.factory(provider).create(settings)) {
      for (OwnedResource r : p.listOwned(TagFilter.anyLab())) {
        String lab = r.tags().get(LabTags.LAB);
        // A blueprint's snapshot is no lab: 'nestlab blueprints' lists it.
        if (lab != null && !io.nestlab.spi.BlueprintTags.isBlueprint(r.tags())) {
          byLab.computeIfAbsent(lab, k -> new ArrayList<>()).add(r);
        }
      }
    }
    Map<String, CloudLabs> labs = new LinkedHashMap<>();
    byLab.forEach((id, rs) -> labs.put(id, new CloudLabs(id, provider, rs)));
    return labs;
  }

  /** The resources of one lab on {@code provider}, by its tag; empty when there are none. */
  static List<OwnedResource> of(String provider, ProviderSettings settings, String labId) {
    try (LabProvider p = LabProviders.factory(provider).create(settings)) {
      return p.listOwned(TagFilter.lab(labId)).stream()
          .sorted(OwnedResource.DELETION_ORDER)
          .toList();
    }
  }

  /**
   * The settings meant for {@code provider} out of those given for several: the keys it knows.
   * Fails naming a key that none of {@code providers} knows.
   */
  static ProviderSettings settingsFor(
      String provider, ProviderSettings given, Collection<String> providers) {
    Map<String, String> mine = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : given.asMap().entrySet()) {
      boolean known = false;
      for (String id : providers) {
        if (knows(id, e.getKey())) {
          known = true;
        }
      }
      if (!known) {
        throw new io.nestlab.InvalidSpecException(
            "command line",
            List.of(
                io.nestlab.Problem.of(
                    "--provider-opt " + e.getKey(),
                    "is not a setting of "
                        + String.join(" or ", providers)
                        + "; 'nestlab providers' lists each one's settings")));
      }
      if (knows(provider, e.getKey())) {
        mine.put(e.getKey(), e.getValue());
      }
    }
    return ProviderSettings.of(mine);
  }

  private static boolean knows(String provider, String key) {
    for (LabProviderFactory.SettingDoc s : LabProviders.factory(provider).settings()) {
      if (s.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  private String tag(String key) {
    for (OwnedResource r : resources) {
      String v = r.tags().get(key);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  String owner() {
    return tag(LabTags.OWNER);
  }

  String region() {
    return resources.isEmpty() ? null : resources.get(0).region();
  }

  Instant created() {
    return time(tag(LabTags.CREATED));
  }

  Instant leaseUntil() {
    return time(tag(LabTags.LEASE_UNTIL));
  }

  private static Instant time(String v) {
    if (v == null) {
      return null;
    }
    try {
      return LabTags.parseTime(v);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
