package io.nestlab.gcp;

import io.nestlab.gcp.internal.GcpSettings;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabProviderFactory;
import io.nestlab.spi.ProviderSettings;
import java.util.List;

/** Finds the Compute Engine provider under the id {@code gcp} (via {@code ServiceLoader}). */
public final class GcpLabProviderFactory implements LabProviderFactory {
  @Override
  public String id() {
    return "gcp";
  }

  @Override
  public String description() {
    return "Google Compute Engine: nested-virtualization VMs (N2, C3, C4, N4) and c3 bare metal";
  }

  @Override
  public List<SettingDoc> settings() {
    return GcpSettings.DOCS;
  }

  @Override
  public LabProvider create(ProviderSettings settings) {
    return new GcpLabProvider(GcpSettings.parse(settings));
  }

  /**
   * Google's Cloud Billing Catalog, with the provider's credentials: see {@link
   * GcpBillingCatalogSource}.
   */
  @Override
  public java.util.Optional<io.nestlab.catalog.CatalogSource> liveCatalog(
      ProviderSettings settings) {
    GcpSettings parsed = GcpSettings.parse(settings);
    return java.util.Optional.of(
        io.nestlab.gcp.catalog.GcpBillingCatalogSource.create(
            parsed.endpoint(), parsed.credentialsFile()));
  }
}
