package io.nestlab.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.nestlab.NestLabException;
import io.nestlab.ProviderException;
import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spec.PlacementSpec;
import io.nestlab.spi.ProviderSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live AWS catalog section for eu-west-1, which the embedded snapshot does not price: instance
 * types and Spot prices from a real moto_server, on-demand and gp3 prices from a WireMock Price
 * List answering AWS's JSON 1.1 shapes, paginated.
 */
class AwsLiveCatalogIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T05:00:00Z"), ZoneOffset.UTC);
  static MotoServer moto;
  static WireMockServer pricing;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start(false);
    pricing =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    pricing.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (pricing != null) {
      pricing.stop();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void reset() {
    pricing.resetAll();
  }

  static AwsLiveCatalogSource source() {
    AwsSettings s =
        AwsSettings.parse(
            ProviderSettings.of(
                Map.of(
                    "endpoint",
                    moto.uri().toString(),
                    "region",
                    "eu-west-1",
                    "pricingEndpoint",
                    "http://127.0.0.1:" + pricing.port())));
    return new AwsLiveCatalogSource(
        () ->
            AwsLabProviderFactory.create(s, List.of(), Duration.ofMillis(5), Duration.ofMillis(20)),
        CatalogSource.embedded("aws"),
        CLOCK);
  }

  static String product(String type, String unit, String usd) {
    return PriceListJson.product(type, unit, usd);
  }

  static String page(String next, String... products) {
    return PriceListJson.page(next, products);
  }

  static void answer(String bodyPart, int priority, String json) {
    pricing.stubFor(
        post(urlEqualTo("/"))
            .atPriority(priority)
            .withHeader("X-Amz-Target", equalTo("AWSPriceListService.GetProducts"))
            .withRequestBody(containing(bodyPart))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(json)));
  }

  static void priceList() {
    answer(
        "\"operatingSystem\"",
        5,
        page(
            "page-2",
            product("r8i-flex.xlarge", "Hrs", "0.2950000000"),
            product("c8i.2xlarge", "Hrs", "0.4460000000")));
    answer(
        "\"NextToken\":\"page-2\"",
        1,
        page(
            null,
            product("m5.metal", "Hrs", "5.3760000000"),
            product("t3.micro", "Hrs", "0.0114")));
    answer("\"volumeApiName\"", 1, page(null, product(null, "GB-Mo", "0.0880000000")));
  }

  @Test
  void theLiveSectionPricesARegionTheSnapshotCannotAndThePlannerUsesIt() {
    priceList();
    ProviderCatalog embedded = CatalogSource.embedded("aws").load();
    assertTrue(
        embedded.instanceType("r8i-flex.xlarge").orElseThrow().price("eu-west-1").isEmpty(),
        "the snapshot has no eu-west-1 prices");

    ProviderCatalog live = source().load();

    assertEquals(LocalDate.of(2026, 12, 2), live.asOf());
    assertTrue(
        live.note().startsWith("live for eu-west-1 on 2026-12-02: 3 types priced"), live.note());
    RegionPrice r8i =
        live.instanceType("r8i-flex.xlarge").orElseThrow().price("eu-west-1").orElseThrow();
    assertEquals(0, new BigDecimal("0.295").compareTo(r8i.onDemandUsdPerHour()));
    assertEquals(
        0,
        new BigDecimal("5.376")
            .compareTo(
                live.instanceType("m5.metal")
                    .orElseThrow()
                    .price("eu-west-1")
                    .orElseThrow()
                    .onDemandUsdPerHour()));
    assertTrue(live.instanceType("t3.micro").isEmpty(), "only KVM-capable types are added");
    assertEquals(
        0,
        new BigDecimal("0.088")
            .compareTo(live.rates("eu-west-1").orElseThrow().diskUsdPerGibMonth()));
    assertEquals(
        embedded.instanceType("m5.metal").orElseThrow().price("us-east-1"),
        live.instanceType("m5.metal").orElseThrow().price("us-east-1"),
        "other regions keep the snapshot's prices");
    assertTrue(
        live.instanceTypes().stream()
            .flatMap(t -> t.price("eu-west-1").stream())
            .anyMatch(p -> p.spotUsdPerHour() != null && p.spotUsdPerHour().signum() > 0),
        "Spot prices from DescribeSpotPriceHistory");
    assertEquals(
        2,
        pricing
            .findAll(
                postRequestedFor(urlEqualTo("/"))
                    .withRequestBody(containing("\"operatingSystem\"")))
            .size(),
        "one query for the whole region, followed to its second page");

    LabSpec spec =
        LabSpecs.read(
            Path.of(System.getProperty("nestlab.repo.dir", ".."), "samples/labs/single-host.yaml"));
    spec =
        spec.toBuilder()
            .placement(
                new PlacementSpec(
                    List.of("aws"),
                    List.of("eu-west-1"),
                    spec.placement().kind(),
                    spec.placement().market(),
                    null))
            .build();
    PlanOptions options = PlanOptions.defaults().withProviders(List.of("aws"));
    assertTrue(
        Planner.plan(spec, Catalog.embedded(), options).best().isEmpty(),
        "offline, eu-west-1 cannot be priced");
    PlanOption best =
        Planner.plan(spec, Catalog.embedded().with(live), options).best().orElseThrow();
    assertEquals("eu-west-1", best.region());
    assertEquals("r8i-flex.xlarge", best.instanceType());
  }

  @Test
  void aPriceListWithNoPricesKeepsTheEmbeddedCatalog() {
    answer("\"operatingSystem\"", 5, page(null));
    answer("\"volumeApiName\"", 1, page(null));
    NestLabException e = assertThrows(NestLabException.class, () -> source().load());
    assertTrue(e.getMessage().contains("keep the embedded catalog"), e.getMessage());
  }

  @Test
  void accessDeniedNamesThePermission() {
    pricing.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized\"}")));
    ProviderException e = assertThrows(ProviderException.class, () -> source().load());
    assertTrue(e.getMessage().contains("pricing:GetProducts"), e.getMessage());
    assertEquals("AccessDeniedException", e.code());
  }
}
