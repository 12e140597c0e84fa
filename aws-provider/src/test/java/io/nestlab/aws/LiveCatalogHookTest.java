package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI finds AWS's live catalog through the provider factory, without naming AWS types. */
class LiveCatalogHookTest {
  @Test
  void theAwsFactoryOffersItsLiveCatalogAndChecksTheSettingsFirst() {
    CatalogSource live =
        LabProviders.factory("aws")
            .liveCatalog(ProviderSettings.of(Map.of("region", "eu-west-1")))
            .orElseThrow();
    assertEquals("aws", live.provider());
    assertTrue(live instanceof AwsLiveCatalogSource);

    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                LabProviders.factory("aws")
                    .liveCatalog(ProviderSettings.of(Map.of("regoin", "x"))));
    assertTrue(e.getMessage().contains("regoin"), e.getMessage());
  }

  @Test
  void theFakeCloudHasNoLiveCatalog() {
    assertTrue(LabProviders.factory("fake").liveCatalog(ProviderSettings.empty()).isEmpty());
  }
}
