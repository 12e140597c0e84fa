package io.nestlab.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabException;
import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local catalog cache: what a refresh stores, and how it is laid over the snapshot. */
class CatalogCacheTest {
  static final ProviderCatalog EMBEDDED = Catalog.embedded().provider("aws").orElseThrow();
  static final LabSpec LAB =
      LabSpec.builder()
          .name("one-host")
          .esxi(new EsxiSpec("8.0U3", 1, "esx", 4, 16, 32, 100, Map.of()))
          .build();

  /** What a live read of eu-west-1 returns: the snapshot with eu-west-1 prices laid in. */
  static ProviderCatalog liveEuWest1(LocalDate asOf) {
    List<InstanceType> types = new ArrayList<>();
    for (InstanceType t : EMBEDDED.instanceTypes()) {
      Map<String, RegionPrice> prices = new TreeMap<>(t.prices());
      if (t.name().equals("c8i.4xlarge") || t.name().equals("c8i.metal-48xl")) {
        String usd = t.metal() ? "9.5" : "0.5";
        prices.put("eu-west-1", new RegionPrice("eu-west-1", new BigDecimal(usd), null));
      }
      types.add(t.withOffers(t.regions(), prices));
    }
    Map<String, RegionRates> rates = new TreeMap<>(EMBEDDED.regionRates());
    rates.put(
        "eu-west-1",
        new RegionRates("eu-west-1", "gp3", new BigDecimal("0.088"), new BigDecimal("0.005")));
    return new ProviderCatalog(
        "aws", asOf, "live test source", "live note", types, rates, List.of());
  }

  @Test
  void aRefreshedRegionIsPlannedFromTheCacheAndSaysSo(@TempDir Path dir) {
    Plan before =
        Planner.plan(
            LAB,
            Catalog.embedded(),
            PlanOptions.defaults().withProviders(List.of("aws")).withRegions(List.of("eu-west-1")));
    assertTrue(before.options().isEmpty());
    String reason = before.infeasible().get(0).reason();
    assertTrue(
        reason.contains("'nestlab catalog refresh --provider aws --region eu-west-1'"), reason);

    CatalogCache cache = CatalogCache.at(dir);
    CatalogCache.Entry e = cache.save(liveEuWest1(LocalDate.of(2026, 12, 4)), "eu-west-1");
    assertTrue(Files.isRegularFile(dir.resolve("aws/eu-west-1.tsv")));
    assertEquals(2, e.section().instanceTypes().size(), "only what is priced in the region");

    Catalog local = cache.overlay(Catalog.embedded());
    Plan after =
        Planner.plan(
            LAB,
            local,
            PlanOptions.defaults().withProviders(List.of("aws")).withRegions(List.of("eu-west-1")));
    PlanOption best = after.best().orElseThrow();
    assertEquals("eu-west-1", best.region());
    assertEquals("c8i.4xlarge", best.instanceType());
    assertTrue(
        after
            .catalog()
            .get(0)
            .note()
            .startsWith("Prices of eu-west-1 come from the local catalog" + " cache"),
        after.catalog().get(0).note());
    // us-east-1 keeps the snapshot's prices
    ProviderCatalog aws = local.provider("aws").orElseThrow();
    assertEquals(
        EMBEDDED.instanceType("c8i.4xlarge").orElseThrow().prices().get("us-east-1"),
        aws.instanceType("c8i.4xlarge").orElseThrow().prices().get("us-east-1"));
    assertEquals(
        new BigDecimal("0.088"), aws.rates("eu-west-1").orElseThrow().diskUsdPerGibMonth());
  }

  @Test
  void aLaterRefreshReplacesTheRegionAndAgeIsCountedInDays(@TempDir Path dir) {
    CatalogCache cache = CatalogCache.at(dir);
    cache.save(liveEuWest1(LocalDate.of(2026, 11, 1)), "eu-west-1");
    CatalogCache.Entry old = cache.entries("aws").get(0);
    assertEquals(33, old.ageDays(LocalDate.of(2026, 12, 4)));
    assertTrue(old.stale(LocalDate.of(2026, 12, 4), CatalogCache.DEFAULT_MAX_AGE_DAYS));
    cache.save(liveEuWest1(LocalDate.of(2026, 12, 3)), "eu-west-1");
    List<CatalogCache.Entry> entries = cache.entries();
    assertEquals(1, entries.size());
    assertFalse(entries.get(0).stale(LocalDate.of(2026, 12, 4), CatalogCache.DEFAULT_MAX_AGE_DAYS));
  }

  @Test
  void aReadThatPricesNothingInTheRegionIsRefusedAndNothingIsCached(@TempDir Path dir) {
    CatalogCache cache = CatalogCache.at(dir);
    NestLabException e =
        assertThrows(NestLabException.class, () -> cache.save(EMBEDDED, "eu-west-1"));
    assertTrue(e.getMessage().contains("no instance prices for region eu-west-1"), e.getMessage());
    assertEquals(List.of(), cache.entries());
  }

  @Test
  void aDamagedCacheFileIsNamedWithTheWayOut(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("aws"));
    Files.writeString(dir.resolve("aws/eu-west-1.tsv"), "provider\taws\nbogus\n");
    NestLabException e = assertThrows(NestLabException.class, () -> CatalogCache.at(dir).entries());
    assertTrue(e.getMessage().contains("eu-west-1.tsv cannot be read"), e.getMessage());
    assertTrue(e.getMessage().contains("nestlab catalog refresh --provider aws"), e.getMessage());
  }
}
