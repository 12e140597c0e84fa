package io.nestlab.gcp.catalog;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.billing.v1.CloudCatalogClient;
import com.google.cloud.billing.v1.CloudCatalogSettings;
import com.google.cloud.billing.v1.ListSkusRequest;
import com.google.cloud.billing.v1.PricingExpression;
import com.google.type.Money;
import io.nestlab.NestLabException;
import io.nestlab.ProviderException;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.catalog.ProviderCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The GCP catalog section refreshed from the Cloud Billing Catalog API: the embedded snapshot's
 * machine types (shapes, regions) with prices composed from live per-vCPU and per-GiB SKUs, spot
 * SKUs, and disk and IP SKUs. See {@link SkuPrices} for the composition.
 */
public final class GcpBillingCatalogSource implements CatalogSource {
  /** The Compute Engine service in the Cloud Billing Catalog. */
  public static final String COMPUTE_SERVICE = "services/6F81-5844-456A";

  private final URI endpoint;
  private final Path credentialsFile;
  private final Duration timeout;
  private final CatalogSource base;
  private final Clock clock;

  private GcpBillingCatalogSource(
      URI endpoint, Path credentialsFile, Duration timeout, CatalogSource base, Clock clock) {
    this.endpoint = endpoint;
    this.credentialsFile = credentialsFile;
    this.timeout = timeout;
    this.base = base;
    this.clock = clock;
  }

  /**
   * A source reading Google's Cloud Billing Catalog with Application Default Credentials (or the
   * key file), on top of the embedded snapshot.
   *
   * @param endpoint an endpoint override such as {@code http://127.0.0.1:PORT} (no credentials are
   *     sent to it), or null for Google's
   * @param credentialsFile a service-account key file, or null
   */
  public static GcpBillingCatalogSource create(URI endpoint, Path credentialsFile) {
    return new GcpBillingCatalogSource(
        endpoint,
        credentialsFile,
        Duration.ofSeconds(60),
        CatalogSource.embedded("gcp"),
        Clock.systemUTC());
  }

  /** The same source on another base section and clock (tests, or a custom snapshot). */
  public GcpBillingCatalogSource withBase(CatalogSource newBase, Clock newClock) {
    return new GcpBillingCatalogSource(endpoint, credentialsFile, timeout, newBase, newClock);
  }

  @Override
  public String provider() {
    return "gcp";
  }

  @Override
  public ProviderCatalog load() {
    List<Sku> skus = fetchSkus();
    SkuPrices prices = SkuPrices.of(skus);
    if (prices.skusUsed() == 0) {
      throw new NestLabException(
          "the Cloud Billing Catalog returned "
              + skus.size()
              + " Compute Engine SKUs but none NestLab prices with (instance core/ram, balanced"
              + " PD, external IP); keep the embedded catalog");
    }
    return prices.applyTo(base.load(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
  }

  /** Every on-demand and spot Compute Engine SKU, in US dollars, all pages. */
  List<Sku> fetchSkus() {
    try (CloudCatalogClient client = CloudCatalogClient.create(settings())) {
      List<Sku> out = new ArrayList<>();
      for (com.google.cloud.billing.v1.Sku s :
          client
              .listSkus(
                  ListSkusRequest.newBuilder()
                      .setParent(COMPUTE_SERVICE)
                      .setCurrencyCode("USD")
                      .setPageSize(5000)
                      .build())
              .iterateAll()) {
        if (s.getPricingInfoCount() == 0) {
          continue;
        }
        PricingExpression pe = s.getPricingInfo(s.getPricingInfoCount() - 1).getPricingExpression();
        if (pe.getTieredRatesCount() == 0) {
          continue;
        }
        // The first tier starting at zero usage; later tiers are volume discounts.
        Money price = pe.getTieredRates(0).getUnitPrice();
        if (!price.getCurrencyCode().isEmpty() && !price.getCurrencyCode().equals("USD")) {
          continue;
        }
        BigDecimal usd =
            BigDecimal.valueOf(price.getUnits()).add(BigDecimal.valueOf(price.getNanos(), 9));
        out.add(
            new Sku(
                s.getDescription(),
                s.getCategory().getUsageType(),
                s.getServiceRegionsList(),
                pe.getUsageUnit(),
                usd));
      }
      return out;
    } catch (ApiException e) {
      throw new ProviderException(
          "gcp",
          e.getStatusCode().getCode().name(),
          null,
          e.isRetryable(),
          false,
          "reading the Cloud Billing Catalog failed ("
              + e.getMessage()
              + "); enable cloudbilling.googleapis.com in your project or keep the embedded"
              + " catalog",
          e);
    } catch (IOException e) {
      throw new ProviderException(
          "gcp",
          "CREDENTIALS",
          null,
          false,
          false,
          "cannot set up credentials for the Cloud Billing Catalog ("
              + e.getMessage()
              + "); run 'gcloud auth application-default login'",
          e);
    }
  }

  private CloudCatalogSettings settings() throws IOException {
    CloudCatalogSettings.Builder b = CloudCatalogSettings.newHttpJsonBuilder();
    if (endpoint != null) {
      b.setEndpoint(endpoint.toString().replaceAll("/+$", ""));
      b.setCredentialsProvider(NoCredentialsProvider.create());
    } else if (credentialsFile != null) {
      try (InputStream in = Files.newInputStream(credentialsFile)) {
        b.setCredentialsProvider(
            FixedCredentialsProvider.create(
                GoogleCredentials.fromStream(in)
                    .createScoped(CloudCatalogSettings.getDefaultServiceScopes())));
      }
    }
    b.applyToAllUnaryMethods(
        u -> {
          u.setSimpleTimeoutNoRetriesDuration(timeout);
          return null;
        });
    return b.build();
  }
}
