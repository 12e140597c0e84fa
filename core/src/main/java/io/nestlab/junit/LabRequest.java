package io.nestlab.junit;

import io.nestlab.spi.ProviderSettings;
import java.lang.reflect.Field;
import java.util.List;

/**
 * One {@code @Lab} field's request, with the field's name for messages; {@code spec} or {@code
 * blueprint} may be null, not both.
 */
record LabRequest(
    String where,
    String spec,
    String provider,
    double maxHourlyUsd,
    ProviderSettings settings,
    boolean reuse,
    boolean sharedByRun,
    String blueprint) {

  /** This request with {@code options} under the field's own provider options. */
  LabRequest under(java.util.Map<String, String> options) {
    java.util.Map<String, String> merged = new java.util.TreeMap<>(options);
    merged.putAll(settings.asMap());
    return new LabRequest(
        where,
        spec,
        provider,
        maxHourlyUsd,
        ProviderSettings.of(merged),
        reuse,
        sharedByRun,
        blueprint);
  }

  static LabRequest of(Field field) {
    Lab lab = field.getAnnotation(Lab.class);
    String where = field.getDeclaringClass().getSimpleName() + "." + field.getName();
    ProviderSettings settings;
    try {
      settings = ProviderSettings.parse(List.of(lab.providerOptions()));
    } catch (RuntimeException e) {
      throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(
          "@Lab " + where + ": providerOptions: " + e.getMessage(), e);
    }
    if (lab.reuse() && lab.sharedByRun()) {
      throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(
          "@Lab "
              + where
              + ": reuse = true and sharedByRun = true together; a reused lab is already shared"
              + " by the run, so drop sharedByRun");
    }
    if (lab.spec().isBlank() && lab.blueprint().isBlank()) {
      throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(
          "@Lab "
              + where
              + ": give spec (a lab file) or blueprint (a saved blueprint's name), or both");
    }
    return new LabRequest(
        where,
        lab.spec().isBlank() ? null : lab.spec(),
        lab.provider(),
        lab.maxHourlyUsd(),
        settings,
        lab.reuse(),
        lab.sharedByRun(),
        lab.blueprint().isBlank() ? null : lab.blueprint());
  }
}
