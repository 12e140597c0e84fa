package io.nestlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.Problem;
import io.nestlab.catalog.Catalog;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pinned instance type the catalog does not know is refused before anything is planned. */
class PinnedTypesTest {
  private static final Catalog CATALOG = Catalog.embedded();

  private static LabSpec lab(String providers, String types) {
    return lab("8.0U3", providers, types);
  }

  private static LabSpec lab(String esxi, String providers, String types) {
    return LabSpecs.parse(
        "apiVersion: nestlab/v1\n"
            + "name: pinned\n"
            + "esxi: { version: \""
            + esxi
            + "\", count: 1 }\n"
            + "placement:\n"
            + (providers == null ? "" : "  providers: [" + providers + "]\n")
            + "  instanceTypes: ["
            + types
            + "]\n",
        "pinned.yaml");
  }

  private static List<Problem> problems(String providers, String types) {
    return CpuPrecheck.check(lab(providers, types), CATALOG).problems();
  }

  @Test
  void anUnknownTypeIsAProblemNamingTheProvidersCheckedAndTheFix() {
    List<Problem> p = problems(null, "c6i.metal, nope.metal");
    assertEquals(1, p.size(), p.toString());
    assertEquals("placement.instanceTypes[1]", p.get(0).path());
    String m = p.get(0).message();
    assertTrue(m.startsWith("nope.metal is not an instance type of aws or gcp in the catalog"), m);
    assertTrue(m.contains("'nestlab catalog --types --provider aws' (or --provider gcp)"), m);
    assertTrue(m.contains("'nestlab catalog refresh --provider aws --region REGION'"), m);
    assertFalse(m.contains("did you mean"), "nothing is close to nope.metal: " + m);
  }

  @Test
  void aTypoGetsTheNearName() {
    String m = problems("aws", "c6i.metl").get(0).message();
    assertTrue(m.startsWith("c6i.metl is not an instance type of aws in the catalog"), m);
    assertTrue(m.contains("in the catalog (did you mean c6i.metal?); list"), m);
    assertTrue(m.contains("--provider aws'"), m);
  }

  @Test
  void onlyTheLabsProvidersCount() {
    // c6i.metal is an aws type: a lab on gcp only cannot run on it
    String m = problems("gcp", "c6i.metal").get(0).message();
    assertTrue(m.startsWith("c6i.metal is not an instance type of gcp in the catalog"), m);
    assertEquals(List.of(), problems("aws", "c6i.metal"));
    // a provider the catalog has no section for is not judged (the CLI adds the fake's section)
    assertEquals(List.of(), problems("fake", "fake.nested.16x128"));
  }

  @Test
  void aCustomShapeOfACatalogSeriesIsKnownWhenItsRulesAllowIt() {
    assertEquals(List.of(), problems("gcp", "n2-custom-8-32768"));
    // N1's custom shapes have no series prefix
    assertEquals(List.of(), PinnedTypes.unknown(lab("gcp", "custom-4-15360"), CATALOG));
    // known, but N1 may land on CPUs ESXi 8 refuses: the CPU check judges custom shapes too
    List<Problem> n1 = problems("gcp", "custom-4-15360");
    assertEquals(1, n1.size(), n1.toString());
    assertTrue(n1.get(0).message().contains("Sandy Bridge"), n1.toString());
    // 7 vCPUs is odd, and 1000 MiB is not a multiple of 256
    assertEquals(1, problems("gcp", "n2-custom-7-32768").size());
    assertEquals(1, problems("gcp", "n2-custom-8-1000").size());
  }

  @Test
  void aTypeTheCpuTableRefusesGetsOnlyThatProblem() {
    // i3.metal is not in the catalog either; the CPU problem says more (and names the fix)
    List<Problem> p = CpuPrecheck.check(lab("9.0", null, "i3.metal"), CATALOG).problems();
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).message().startsWith("i3.metal cannot run ESXi 9.0"), p.toString());
    // on ESXi 8 its CPU is fine, but no catalog section sells it
    assertTrue(
        problems(null, "i3.metal").get(0).message().startsWith("i3.metal is not an instance type"));
  }
}
