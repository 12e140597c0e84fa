package io.nestlab.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.catalog.CatalogSource;
import io.nestlab.gcp.catalog.GcpBillingCatalogSource;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI finds GCE's live catalog (the Cloud Billing Catalog) through the provider factory. */
class LiveCatalogHookTest {
  @Test
  void theGcpFactoryOffersTheBillingCatalog() {
    CatalogSource live =
        LabProviders.factory("gcp")
            .liveCatalog(ProviderSettings.of(Map.of("project", "my-project")))
            .orElseThrow();
    assertEquals("gcp", live.provider());
    assertTrue(live instanceof GcpBillingCatalogSource);
  }
}
