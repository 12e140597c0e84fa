package io.nestlab.samples.cli;

import io.nestlab.spi.LabProviderFactory;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import java.util.List;

/**
 * Checks {@code --provider-opt} settings before {@code up} plans or prints anything, so a typo is
 * the only output (docs/design/0185): every provider's unknown keys; the fake provider's values
 * too, by making it (local and free). A real cloud's values are checked when its provider is made,
 * which may read credentials, so at create as before.
 */
final class SettingsCheck {
  private SettingsCheck() {}

  static void beforePlan(String provider, ProviderSettings settings) {
    LabProviderFactory factory = LabProviders.factory(provider); // unknown id: names the known ones
    List<String> known =
        factory.settings().stream().map(LabProviderFactory.SettingDoc::key).toList();
    settings.reader(provider, known).done(); // every unknown key at once
    if (provider.equals("fake")) {
      factory.create(settings).close();
    }
  }
}
