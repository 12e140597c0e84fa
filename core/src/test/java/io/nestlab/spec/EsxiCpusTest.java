package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.nestlab.spec.EsxiCpus.Support;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The ESXi CPU-support table, its tie to the clouds' series, and the host program's copy. */
class EsxiCpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EsxiCpus cpus = EsxiCpus.embedded();

  private static String resource(String path) throws IOException {
    try (InputStream in = EsxiCpusTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theRehearsalHostProgramCarriesTheSameGenerationsTable() throws Exception {
    String program = resource("/io/nestlab/bootstrap/host/nestlab-rehearsal");
    int begin = program.indexOf("# BEGIN CPU_TABLE");
    int start = program.indexOf("json.loads(\"\"\"", begin) + "json.loads(\"\"\"".length();
    int end = program.indexOf("\"\"\")", start);
    assertTrue(begin > 0 && start > begin && end > start, "no CPU_TABLE block in the program");
    JsonNode inProgram = JSON.readTree(program.substring(start, end));
    JsonNode expected = JSON.valueToTree(cpus.hostTable());
    assertEquals(
        expected,
        inProgram,
        "nestlab-rehearsal's CPU_TABLE differs from esxi-cpus.yaml; replace the block with:\n"
            + JSON.writeValueAsString(expected).replace("},{", "},\n{"));
  }

  @Test
  void everyBareMetalOrNestingX86SeriesOfTheCatalogHasItsCpu() throws Exception {
    String provider = null;
    TreeSet<String> missing = new TreeSet<>();
    int checked = 0;
    for (String line : resource("/io/nestlab/catalog/catalog.tsv").split("\n")) {
      String[] f = line.split("\t");
      if (f[0].equals("provider")) {
        provider = f[1];
      } else if (f[0].equals("type")
          && f[6].equals("x86_64")
          && (f[7].equals("metal") || f[8].equals("nested"))) {
        checked++;
        if (cpus.cpusOf(provider, f[2]).isEmpty()) {
          missing.add(provider + " " + f[2]);
        }
      }
    }
    assertTrue(checked > 50, "the catalog's columns moved: " + checked + " types read");
    assertEquals(new TreeSet<String>(), missing, "series without a CPU in esxi-cpus.yaml");
  }

  @Test
  void aSeriesIsJudgedByTheWorstCpuItMayBePlacedOn() {
    VsphereVersion eight = VsphereVersion.of("8.0U3");
    VsphereVersion nine = VsphereVersion.of("9.0");
    // GCE N1 may land on Haswell (or older) in some zones: ESXi 8 refuses those.
    EsxiCpus.Verdict n1 = cpus.verdict("gcp", "n1", eight);
    assertEquals(Support.UNSUPPORTED, n1.support());
    assertTrue(n1.reason().contains("not supported by ESXi 8"), n1.reason());
    assertTrue(n1.reason().contains("n1 may be placed on it"), n1.reason());
    // N2: Cascade Lake (deprecated in 9) or Ice Lake.
    assertEquals(Support.SUPPORTED, cpus.verdict("gcp", "n2", eight).support());
    EsxiCpus.Verdict n2 = cpus.verdict("gcp", "n2", nine);
    assertEquals(Support.DEPRECATED, n2.support());
    assertEquals("cascade-lake", n2.cpu());
    // Ice Lake, Sapphire/Emerald Rapids, Milan, Genoa: fine for 9.
    for (String s : List.of("c6i", "m7i", "i7ie", "c6a", "c7a")) {
      assertEquals(Support.SUPPORTED, cpus.verdict("aws", s, nine).support(), s);
    }
    // Granite Rapids and Turin: ESX 9.0 adds them; NestLab has no statement for ESXi 8.
    assertEquals(Support.SUPPORTED, cpus.verdict("aws", "c8i", nine).support());
    assertEquals(Support.UNKNOWN, cpus.verdict("aws", "c8i", eight).support());
    assertEquals(Support.UNKNOWN, cpus.verdict("gcp", "c4d", eight).support());
    assertEquals(Support.SUPPORTED, cpus.verdict("gcp", "c4d", nine).support());
    assertEquals(Support.DEPRECATED, cpus.verdict("aws", "c5", nine).support());
    EsxiCpus.Verdict none = cpus.verdict("aws", "t2", nine);
    assertEquals(Support.UNKNOWN, none.support());
    assertEquals("", none.cpu());
  }

  @Test
  void everyRowNamesItsSourceAndTheCascadeLakeFamilyIsSplitByStepping() {
    for (EsxiCpus.Generation g : cpus.generations()) {
      assertFalse(g.source().isBlank(), g.id());
      assertFalse(g.byEsxiMajor().isEmpty(), g.id());
    }
    List<String> model85 = new ArrayList<>();
    cpus.generations().stream()
        .filter(g -> g.vendor().equals("GenuineIntel") && g.models().contains(85))
        .forEach(g -> model85.add(g.id() + " " + g.minStepping() + "-" + g.maxStepping()));
    assertEquals(List.of("skylake-sp 0-4", "cascade-lake 5-7", "cooper-lake 10-11"), model85);
    for (EsxiCpus.SeriesCpus s : cpus.series()) {
      assertFalse(s.source().isBlank(), s.series().toString());
    }
  }

  @Test
  void aBadVerdictOrAnUnknownCpuInTheDataIsRefused() throws Exception {
    JsonNode root;
    try (InputStream in = EsxiCpus.class.getResourceAsStream("esxi-cpus.yaml")) {
      root = new YAMLMapper().readTree(in);
    }
    JsonNode copy = root.deepCopy();
    ((ObjectNode) copy.get("generations").get(0).get("esxi")).put("9", "maybe");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> EsxiCpus.fromTree(copy));
    assertTrue(e.getMessage().contains("'maybe' is not supported, deprecated"), e.getMessage());
    JsonNode other = root.deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) other.get("series").get(0).get("cpus"))
        .add("pentium-pro");
    e = assertThrows(IllegalStateException.class, () -> EsxiCpus.fromTree(other));
    assertTrue(e.getMessage().contains("no CPU pentium-pro"), e.getMessage());
  }
}
