package io.nestlab.plan;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import io.nestlab.Problem;
import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CustomRates;
import io.nestlab.catalog.CustomShapeRules;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.Suggestions;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the types a lab pins in {@code placement.instanceTypes} exist: each must be a type of one
 * of the lab's providers in the catalog the lab is planned with, or a custom shape of a series that
 * provider sells in custom shapes. The planner offers nothing else, so a type this check does not
 * find can only make {@code estimate} and {@code up} come up empty (design 0201). Pure: the catalog
 * is passed in.
 */
public final class PinnedTypes {
  private PinnedTypes() {}

  /**
   * A problem at {@code placement.instanceTypes[i]} for every entry no section of the lab's
   * providers knows, naming the providers checked, a close name when there is one and how to list
   * the known types. Empty when {@code catalog} has no section for any of the lab's providers
   * (nothing to check against).
   */
  public static List<Problem> unknown(LabSpec spec, Catalog catalog) {
    List<ProviderCatalog> sections = sections(spec, catalog);
    List<Problem> problems = new ArrayList<>();
    List<String> types = spec.placement().instanceTypes();
    for (int i = 0; i < types.size(); i++) {
      String why = unknown(types.get(i), sections);
      if (why != null) {
        problems.add(Problem.of("placement.instanceTypes[" + i + "]", why));
      }
    }
    return problems;
  }

  /** The sections of the lab's providers (every section when it names none). */
  static List<ProviderCatalog> sections(LabSpec spec, Catalog catalog) {
    List<String> providers = spec.placement().providers();
    List<ProviderCatalog> out = new ArrayList<>();
    for (ProviderCatalog section : catalog.providers()) {
      if (providers.isEmpty() || providers.contains(section.provider())) {
        out.add(section);
      }
    }
    return out;
  }

  /** Why {@code type} is in none of {@code sections}, or null when one has it. */
  static String unknown(String type, List<ProviderCatalog> sections) {
    if (sections.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    List<String> providers = new ArrayList<>();
    List<String> real = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    for (ProviderCatalog section : sections) {
      if (section.instanceType(type).isPresent() || isCustomShape(section, type)) {
        return null;
      }
      providers.add(section.provider());
      List<String> own = new ArrayList<>();
      for (InstanceType t : section.instanceTypes()) {
        own.add(t.name());
      }
      names.addAll(own);
      if (simulated(section.provider())) {
        // a simulated cloud (the fake) has a short menu and no live catalog: name it
        fixes.add(section.provider() + "'s types are " + String.join(", ", own));
      } else {
        real.add(section.provider());
      }
    }
    if (!real.isEmpty()) {
      fixes.add(
          0,
          "list the types with 'nestlab catalog --types --provider "
              + real.get(0)
              + "'"
              + (real.size() == 1
                  ? ""
                  : " (or --provider " + String.join(", ", real.subList(1, real.size())) + ")"));
      fixes.add(
          "for a type newer than the catalog, cache the provider's live catalog with 'nestlab"
              + " catalog refresh --provider "
              + real.get(0)
              + " --region REGION'");
    }
    return type
        + " is not an instance type of "
        + orList(providers)
        + " in the catalog"
        + Suggestions.closest(type, names).map(c -> " (did you mean " + c + "?)").orElse("")
        + "; "
        + String.join("; ", fixes);
  }

  private static boolean simulated(String provider) {
    return Clouds.builtIn().find(provider).map(CloudTraits::simulated).orElse(false);
  }

  /**
   * Whether {@code type} names a custom shape (for example {@code n2-custom-8-32768}) of a series
   * {@code section} has custom rates for, with a vCPU count and memory the series' rules accept.
   */
  static boolean isCustomShape(ProviderCatalog section, String type) {
    for (CustomRates cr : section.customRates()) {
      CustomShapeRules rules = CustomShapes.customRules(section.provider(), cr.series());
      if (rules == null) {
        continue;
      }
      String sample = rules.name(0, 0);
      String prefix = sample.substring(0, sample.length() - "0-0".length());
      if (!type.startsWith(prefix)) {
        continue;
      }
      String[] parts = type.substring(prefix.length()).split("-", -1);
      if (parts.length == 2 && digits(parts[0]) && digits(parts[1])) {
        int vcpus = Integer.parseInt(parts[0]);
        int mib = Integer.parseInt(parts[1]);
        double gibPerVcpu = mib / 1024.0 / vcpus;
        if (vcpus > 0
            && rules.allowedVcpus(vcpus) == vcpus
            && mib % CustomShapeRules.MEMORY_STEP_MIB == 0
            && gibPerVcpu >= rules.minGibPerVcpu()
            && gibPerVcpu <= rules.maxGibPerVcpu()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean digits(String s) {
    return !s.isEmpty() && s.length() <= 7 && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** "aws", "aws or gcp", "aws, fake or gcp". */
  private static String orList(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1))
        + " or "
        + words.get(words.size() - 1);
  }
}
