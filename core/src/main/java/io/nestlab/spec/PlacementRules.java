package io.nestlab.spec;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import io.nestlab.Problem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The placement section's rules: providers, regions and the hourly price cap. */
final class PlacementRules extends SpecRules {
  PlacementRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
  }

  void placement(PlacementSpec placement) {
    List<String> providers = placement.providers();
    for (int i = 0; i < providers.size(); i++) {
      String p = providers.get(i);
      String path = "placement.providers[" + i + "]";
      if (!SpecValidator.PROVIDERS.contains(p)) {
        add(
            path,
            "'"
                + p
                + "' is not a provider NestLab knows; use "
                + String.join(", ", SpecValidator.PROVIDERS)
                + Suggestions.hint(p, SpecValidator.PROVIDERS));
      } else if (providers.indexOf(p) < i) {
        add(path, "'" + p + "' is listed twice; list each provider once");
      }
    }
    boolean allKnown = SpecValidator.PROVIDERS.containsAll(providers);
    List<String> allowed = providers.isEmpty() || !allKnown ? SpecValidator.PROVIDERS : providers;
    for (int i = 0; i < placement.regions().size(); i++) {
      region("placement.regions[" + i + "]", placement.regions().get(i), allowed);
    }
    BigDecimal max = placement.maxHourlyUsd();
    if (max != null && max.signum() <= 0) {
      add(
          "placement.maxHourlyUsd",
          max.toPlainString()
              + " is not a price cap; give a positive amount of US dollars per hour such as 2.0,"
              + " or leave it out for no cap");
    }
  }

  private void region(String path, String region, List<String> providers) {
    Clouds clouds = Clouds.builtIn();
    for (String p : providers) {
      if (clouds.get(p).isRegion(region)) {
        return;
      }
    }
    Optional<CloudTraits> owner = clouds.ownerOfRegion(region);
    if (owner.isPresent()) {
      String id = owner.get().id();
      add(
          path,
          "'"
              + region
              + "' is a region of "
              + id
              + ", which placement.providers does not list; add "
              + id
              + " to placement.providers or remove the region");
      return;
    }
    Optional<Map.Entry<CloudTraits, String>> zone = clouds.ownerOfZone(region);
    if (zone.isPresent()) {
      add(path, "'" + region + "' is a zone; name its region instead: " + zone.get().getValue());
      return;
    }
    List<String> examples = new ArrayList<>();
    for (CloudTraits t : clouds.all()) {
      if (!t.simulated()) {
        examples.add(t.displayName() + " region such as " + t.exampleRegion());
      }
    }
    add(
        path,
        "'"
            + region
            + "' is not a region name; write "
            + (examples.isEmpty() ? "a region" : "an " + String.join(" or a ", examples))
            + " (lowercase)");
  }
}
