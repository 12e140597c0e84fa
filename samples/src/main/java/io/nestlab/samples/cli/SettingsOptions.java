package io.nestlab.samples.cli;

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

  /** The settings given on the command line, region included. */
  ProviderSettings overrides() {
    ProviderSettings parsed = ProviderSettings.parse(providerOpts);
    if (region == null) {
      return parsed;
    }
    Map<String, String> m = new LinkedHashMap<>(parsed.asMap());
    m.put("region", region);
    return ProviderSettings.of(m);
  }
}
