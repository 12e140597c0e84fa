package io.nestlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.Problem;
import io.nestlab.catalog.Catalog;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spec.SpecFormat;
import io.nestlab.spec.VsphereVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** placement.instanceTypes checked against the ESXi the lab runs, before anything is bought. */
class CpuPrecheckTest {
  private static final Catalog CATALOG = Catalog.embedded();

  private static LabSpec lab(String esxi, String upgradeTo, String types) {
    return LabSpecs.parse(
        "apiVersion: nestlab/v1\n"
            + "name: cpu-lab\n"
            + "esxi: { version: \""
            + esxi
            + "\", count: 1 }\n"
            + (upgradeTo == null ? "" : "upgrade: { esxiVersion: \"" + upgradeTo + "\" }\n")
            + "placement:\n  instanceTypes: ["
            + types
            + "]\n",
        "cpu-lab.yaml");
  }

  @Test
  void aBroadwellMetalTypeIsRefusedForEsxi9WithTheFix() {
    // i3.metal is not in the embedded catalog (no price); it is judged by its series
    CpuPrecheck.Result r = CpuPrecheck.check(lab("9.0", null, "i3.metal"), CATALOG);
    assertEquals(1, r.problems().size(), r.toString());
    Problem p = r.problems().get(0);
    assertEquals("placement.instanceTypes[0]", p.path());
    assertTrue(
        p.message().startsWith("i3.metal cannot run ESXi 9.0: Intel Broadwell"), p.message());
    assertTrue(p.message().contains("for example c6i.metal"), p.message());
  }

  @Test
  void theUpgradeTargetCountsToo() {
    assertEquals(List.of(), CpuPrecheck.check(lab("8.0U3", null, "m5.metal"), CATALOG).problems());
    CpuPrecheck.Result r = CpuPrecheck.check(lab("8.0U3", "9.0", "i3.metal"), CATALOG);
    assertTrue(
        r.problems().get(0).message().contains("ESXi 9.0 (the upgrade target)"),
        r.problems().toString());
  }

  @Test
  void aDeprecatedCpuIsAWarningAndANestedSeriesIsJudgedToo() {
    CpuPrecheck.Result r = CpuPrecheck.check(lab("9.0", null, "c5.metal, c6i.metal"), CATALOG);
    assertEquals(List.of(), r.problems());
    assertEquals(1, r.warnings().size(), r.toString());
    assertTrue(r.warnings().get(0).message().contains("deprecated in ESXi 9"), r.toString());
    // GCE N1 may land on Sandy Bridge to Haswell, which ESXi 8 refuses
    CpuPrecheck.Result n1 = CpuPrecheck.check(lab("8.0U3", null, "n1-standard-16"), CATALOG);
    assertTrue(n1.problems().get(0).message().contains("Sandy Bridge"), n1.toString());
  }

  @Test
  void theRehearsalChecksTheLabsOwnHostType() {
    CpuPrecheck.Result r =
        CpuPrecheck.checkType(
            "aws",
            "m5.metal",
            List.of(VsphereVersion.of("8.0U3"), VsphereVersion.of("9.0")),
            CATALOG);
    assertEquals(List.of(), r.problems());
    assertTrue(
        r.warnings().get(0).message().contains("ESXi 9.0 (the upgrade target)"), r.toString());
  }

  @Test
  void aCustomShapeIsJudgedByItsSeries() {
    // N1's custom shapes are named "custom-V-M"
    CpuPrecheck.Result n1 =
        CpuPrecheck.checkType(
            "gcp", "custom-8-32768", List.of(VsphereVersion.of("8.0U3")), CATALOG);
    assertTrue(n1.problems().get(0).message().contains("Sandy Bridge"), n1.toString());
    CpuPrecheck.Result n2 =
        CpuPrecheck.checkType(
            "gcp", "n2-custom-8-32768", List.of(VsphereVersion.of("9.0")), CATALOG);
    assertEquals(List.of(), n2.problems());
    // N2 may land on Cascade Lake, deprecated in ESXi 9
    assertTrue(n2.warnings().get(0).message().contains("Cascade Lake"), n2.toString());
  }

  @Test
  void thePlannerOffersOnlyTheListedTypesAndRoundTripsThem() {
    LabSpec spec = lab("8.0U3", null, "c6i.metal");
    Plan plan = Planner.plan(spec, CATALOG, PlanOptions.defaults());
    assertTrue(!plan.options().isEmpty());
    assertTrue(plan.options().stream().allMatch(o -> o.instanceType().equals("c6i.metal")));
    assertEquals(spec, LabSpecs.parse(LabSpecs.write(spec, SpecFormat.YAML), "again.yaml"));
    Plan refused =
        Planner.plan(lab("9.0", null, "n1-standard-16"), CATALOG, PlanOptions.defaults());
    assertEquals(List.of(), refused.options());
    String why =
        refused.infeasible().stream()
            .filter(i -> i.provider().equals("gcp"))
            .findFirst()
            .orElseThrow()
            .reason();
    assertTrue(
        why.contains("n1: ") && why.contains("Series in the catalog whose CPU runs it"), why);
  }
}
