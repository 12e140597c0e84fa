package io.nestlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CpuVendor;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.catalog.RegionRates;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.UpgradeSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No money on a host whose CPU cannot run the lab's ESXi or its upgrade target (design 0195): the
 * planner leaves such types out and says why, and notes a deprecated or unknown CPU on the option.
 */
class CpuSupportPlanTest {
  /**
   * An AWS section with i3.metal (Broadwell, the cheapest), c5.metal (Skylake-SP or Cascade Lake)
   * and c6i.metal (Ice Lake), all in one region.
   */
  private static Catalog awsMetal(String... types) {
    List<InstanceType> list =
        java.util.Arrays.stream(types)
            .map(
                t ->
                    metal(
                        t,
                        switch (t) {
                          case "i3.metal" -> "4.99";
                          case "c5.metal" -> "4.08";
                          default -> "5.44";
                        }))
            .toList();
    return Catalog.of(
        new ProviderCatalog(
            "aws",
            LocalDate.of(2026, 7, 20),
            "test",
            "",
            list,
            Map.of(
                "us-east-1",
                new RegionRates(
                    "us-east-1", "gp3", new BigDecimal("0.08"), new BigDecimal("0.005"))),
            List.of()));
  }

  private static InstanceType metal(String name, String usd) {
    return new InstanceType(
        name,
        name.substring(0, name.indexOf('.')),
        72,
        512,
        CpuVendor.INTEL,
        "x86_64",
        true,
        false,
        0,
        false,
        List.of("us-east-1"),
        Map.of("us-east-1", new RegionPrice("us-east-1", new BigDecimal(usd), null)));
  }

  private static LabSpec lab(String esxi, String upgradeTo) {
    io.nestlab.spec.LabSpecBuilder b =
        LabSpec.builder()
            .name("cpu-lab")
            .esxi(new EsxiSpec(esxi, 2, "esx", 2, 8, 32, 100, Map.of()));
    if (upgradeTo != null) {
      b.upgrade(new UpgradeSpec(upgradeTo, null));
    }
    return b.build();
  }

  private static List<String> types(Plan plan) {
    return plan.options().stream().map(PlanOption::instanceType).toList();
  }

  @Test
  void broadwellMetalIsNotOfferedForEsxi9AndTheReasonNamesCpuVersionAndFix() {
    Plan plan = Planner.plan(lab("9.0", null), awsMetal("i3.metal"), PlanOptions.defaults());
    assertEquals(List.of(), plan.options());
    String why = plan.infeasible().get(0).reason();
    assertTrue(why.contains("Broadwell"), why);
    assertTrue(why.contains("ESXi 9"), why);
    assertTrue(why.contains("i3"), why);

    Plan both =
        Planner.plan(lab("9.0", null), awsMetal("i3.metal", "c6i.metal"), PlanOptions.defaults());
    // the cheaper i3.metal is gone; the Ice Lake type carries the lab
    assertEquals(List.of("c6i.metal"), types(both));
    assertEquals(List.of(), both.options().get(0).notes());
  }

  @Test
  void theSeriesWhoseCpuRunsTheLabAreNamed() {
    // c6i.metal is sold only in us-west-2, and the lab is placed in us-east-1: i3.metal fits but
    // its CPU cannot run ESXi 9, and the reason names the series that would
    InstanceType c6iWest =
        metal("c6i.metal", "5.44")
            .withOffers(
                List.of("us-west-2"),
                Map.of("us-west-2", new RegionPrice("us-west-2", new BigDecimal("5.44"), null)));
    ProviderCatalog section =
        new ProviderCatalog(
            "aws",
            LocalDate.of(2026, 7, 20),
            "test",
            "",
            List.of(metal("i3.metal", "4.99"), c6iWest),
            Map.of(
                "us-east-1",
                new RegionRates(
                    "us-east-1", "gp3", new BigDecimal("0.08"), new BigDecimal("0.005")),
                "us-west-2",
                new RegionRates(
                    "us-west-2", "gp3", new BigDecimal("0.08"), new BigDecimal("0.005"))),
            List.of());
    Plan plan =
        Planner.plan(
            lab("9.0", null),
            Catalog.of(section),
            PlanOptions.defaults().withRegions(List.of("us-east-1")));
    assertEquals(List.of(), plan.options());
    String why = plan.infeasible().get(0).reason();
    assertTrue(why.contains("Broadwell"), why);
    assertTrue(why.contains("Series in the catalog whose CPU runs it: c6i"), why);
  }

  @Test
  void broadwellMetalIsOfferedForEsxi8ButNotWhenTheUpgradeTargetIs9() {
    assertEquals(
        List.of("i3.metal"),
        types(Planner.plan(lab("8.0U3", null), awsMetal("i3.metal"), PlanOptions.defaults())));
    Plan upgrade = Planner.plan(lab("8.0U3", "9.0"), awsMetal("i3.metal"), PlanOptions.defaults());
    assertEquals(List.of(), upgrade.options());
    String why = upgrade.infeasible().get(0).reason();
    assertTrue(why.contains("ESXi 9.0 (upgrade target)"), why);
  }

  @Test
  void aDeprecatedCpuIsOfferedWithAWarningNote() {
    Plan plan = Planner.plan(lab("9.0", null), awsMetal("c5.metal"), PlanOptions.defaults());
    PlanOption c5 = plan.best().orElseThrow();
    assertEquals("c5.metal", c5.instanceType());
    assertEquals(1, c5.notes().size(), c5.notes().toString());
    assertTrue(c5.notes().get(0).startsWith("warning: "), c5.notes().get(0));
    assertTrue(c5.notes().get(0).contains("deprecated in ESXi 9"), c5.notes().get(0));
    assertTrue(plan.toJson().contains("\"notes\""), "the notes are in estimate --json");
    // on ESXi 8 the same CPU is supported: no note
    assertEquals(
        List.of(),
        Planner.plan(lab("8.0U3", null), awsMetal("c5.metal"), PlanOptions.defaults())
            .best()
            .orElseThrow()
            .notes());
  }

  @Test
  void anUnknownCpuIsOfferedWithANote() {
    // Granite Rapids on ESXi 8: NestLab has no statement
    Plan plan =
        Planner.plan(
            lab("8.0U3", null),
            Catalog.embedded(),
            PlanOptions.defaults().withProviders(List.of("aws")).withRegions(List.of("us-east-1")));
    PlanOption c8i =
        plan.options().stream()
            .filter(o -> o.instanceType().startsWith("c8i."))
            .findFirst()
            .orElseThrow();
    assertEquals(1, c8i.notes().size(), c8i.notes().toString());
    assertTrue(c8i.notes().get(0).startsWith("note: "), c8i.notes().get(0));
    assertTrue(c8i.notes().get(0).contains("Granite Rapids"), c8i.notes().get(0));
  }

  @Test
  void gceN1IsNotOfferedForAnEsxi8LabSinceSomeZonesPlaceItOnHaswell() {
    Plan plan =
        Planner.plan(
            Labs.article(),
            Catalog.embedded(),
            PlanOptions.defaults()
                .withProviders(List.of("gcp"))
                .withRegions(List.of("us-central1")));
    assertFalse(plan.options().isEmpty());
    assertTrue(
        plan.options().stream()
            .noneMatch(
                o -> o.instanceType().startsWith("n1-") || o.instanceType().startsWith("custom-")),
        "N1 (predefined or custom) offered for a 7.0U3 -> 8.0U3 lab");
  }
}
