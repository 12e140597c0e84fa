package io.nestlab.samples.cli;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.spi.ProviderSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --provider-opt KEY=VALUE} (repeatable) and {@code --region}: settings for providers. */
final class SettingsOptions {
  @Option(
      names = "--provider-opt",
      paramLabel = "KEY=VALUE",
      description = "a provider setting; repeatable (for example dir=/tmp/cloud for fake)")
  List<String> providerOpts = new ArrayList<>();

  @Option(names = "--region", paramLabel = "REGION", description = "the provider's region")
  String region;

  /**
   * The settings given on the command line, region included, keys in their one spelling
   * (kebab-case; {@link JsonOutput#execute} notes an old camelCase key). {@code --region} and a
   * different {@code --provider-opt region=} are refused: neither silently wins.
   */
  ProviderSettings overrides() {
    return settings(ProviderSettings.parse(providerOpts).asMap(), region);
  }

  /**
   * {@code opts} with their keys in the one spelling, and {@code region} (may be null) as the
   * region setting; a different {@code region} among {@code opts} is refused.
   */
  static ProviderSettings settings(Map<String, String> opts, String region) {
    Map<String, String> m = new LinkedHashMap<>();
    opts.forEach((k, v) -> m.put(ProviderSettings.canonicalKey(k), v));
    if (region != null) {
      String opt = m.get("region");
      if (opt != null && !opt.equals(region)) {
        throw new InvalidSpecException(
            "command line",
            List.of(
                Problem.of(
                    "--region",
                    "says "
                        + region
                        + " but --provider-opt region="
                        + opt
                        + " says otherwise; give the region once")));
      }
      m.put("region", region);
    }
    return ProviderSettings.of(m);
  }

  /** The notes on keys given in an old spelling, for {@code --provider-opt} values {@code opts}. */
  static List<String> deprecations(List<String> opts) {
    List<String> notes = new ArrayList<>();
    for (String pair : opts) {
      int eq = pair.indexOf('=');
      String key = eq > 0 ? pair.substring(0, eq).trim() : "";
      String canonical = ProviderSettings.canonicalKey(key);
      if (!canonical.equals(key)) {
        notes.add(
            "--provider-opt "
                + key
                + " is deprecated: settings are spelled in kebab-case now; write "
                + canonical
                + "=...");
      }
    }
    return notes;
  }
}
