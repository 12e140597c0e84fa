package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.nestlab.spec.VsphereKnowledge.ApplianceSize;
import io.nestlab.spec.VsphereKnowledge.EsxiMinimum;
import io.nestlab.spec.VsphereKnowledge.Product;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vSphere facts the issue and docs quote, read from the one data file. */
class VsphereKnowledgeTest {
  private final VsphereKnowledge k = VsphereKnowledge.embedded();

  private static VsphereVersion v(String s) {
    return VsphereVersion.of(s);
  }

  @ParameterizedTest
  @CsvSource({"7.0U3, 2, 8, 32, false", "8.0, 2, 8, 32, false", "9.0, 2, 8, 32, true"})
  void esxiMinimums(String version, int cpus, int memory, int boot, boolean estimate) {
    EsxiMinimum m = k.esxiMinimum(v(version)).orElseThrow();
    assertEquals(cpus, m.cpus());
    assertEquals(memory, m.memoryGib());
    assertEquals(boot, m.bootDiskGib());
    assertEquals(estimate, m.estimate(), "9.0 is marked as best known");
  }

  @ParameterizedTest
  @CsvSource({
    "6.7, tiny, 2, 10",
    "7.0U3, tiny, 2, 12",
    "8.0U3, tiny, 2, 14",
    "7.0, small, 4, 19",
    "8.0, medium, 8, 30",
    "8.0, xlarge, 24, 58"
  })
  void vcenterApplianceSizes(String version, String size, int cpus, int memory) {
    ApplianceSize s = k.vcenterSize(v(version), size).orElseThrow();
    assertEquals(cpus, s.cpus());
    assertEquals(memory, s.memoryGib());
  }

  @ParameterizedTest
  @CsvSource({
    "7.0U3, 8.0U3, true",
    "6.7U3, 8.0, true",
    "6.7, 7.0U3, true",
    "7.0, 7.0U3, true",
    "8.0U3, 9.0, true",
    "8.0U2, 9.0, false",
    "7.0U3, 9.0, false",
    "6.7, 9.0, false",
    "8.0U3, 7.0U3, false",
    "8.0U3, 8.0U3, false"
  })
  void directUpgradePaths(String from, String to, boolean direct) {
    assertEquals(direct, k.directUpgrade(Product.ESXI, v(from), v(to)).isPresent());
    assertEquals(direct, k.directUpgrade(Product.VCENTER, v(from), v(to)).isPresent());
  }

  @Test
  void aTwoStepRouteIsFoundWhereNoDirectPathExists() {
    assertEquals(v("8.0U3"), k.intermediateStep(Product.ESXI, v("7.0U3"), v("9.0")).orElseThrow());
    assertTrue(k.intermediateStep(Product.ESXI, v("6.7"), v("9.0")).isPresent());
  }

  @Test
  void interoperability() {
    assertTrue(k.manages(v("8.0U3"), v("7.0U3")));
    assertFalse(k.manages(v("8.0"), v("6.7U3")), "vCenter 8 does not manage ESXi 6.7");
    assertTrue(k.manages(v("7.0U3"), v("6.7")));
  }

  @Test
  void versionsAreOrderedAndParsedLeniently() {
    List<VsphereVersion> versions = k.versions();
    for (int i = 1; i < versions.size(); i++) {
      assertTrue(versions.get(i - 1).isOlderThan(versions.get(i)), versions.toString());
    }
    assertEquals(v("7.0U3"), VsphereVersion.parse(" 7.0u3 ").orElseThrow());
    assertEquals("8.0", v("8.0").toString());
    assertTrue(VsphereVersion.parse("8.0.3").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> VsphereVersion.of("eight"));
  }

  @Test
  void everyRowOfTheDataFileNamesItsSourceAndAStatus() throws Exception {
    JsonNode root;
    try (InputStream in = VsphereKnowledge.class.getResourceAsStream("vsphere-knowledge.yaml")) {
      root = new YAMLMapper().readTree(in);
    }
    int rows = 0;
    for (String table :
        List.of("versions", "esxiMinimums", "vcenterSizes", "manages", "upgrades")) {
      for (JsonNode row : root.get(table)) {
        rows++;
        assertFalse(row.path("source").asText().isBlank(), table + " row " + row);
        if (!table.equals("versions")) {
          assertTrue(row.path("status").asText().matches("documented|estimate"), row.toString());
        }
      }
    }
    assertTrue(rows > 40, "rows: " + rows);
    ((ObjectNode) root.get("upgrades").get(0)).remove("source");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> VsphereKnowledge.fromTree(root));
    assertTrue(e.getMessage().contains("source"), e.getMessage());
  }

  /**
   * The start-up path reads the data file with the lab files' streaming reader, not an {@code
   * ObjectMapper} (design 0160): its tree must be the one {@code YAMLMapper.readTree} makes, value
   * for value and number type for number type.
   */
  @Test
  void theStreamingReadOfTheDataFileGivesTheTreeJacksonGives() throws Exception {
    byte[] bytes;
    try (InputStream in = VsphereKnowledge.class.getResourceAsStream("vsphere-knowledge.yaml")) {
      bytes = in.readAllBytes();
    }
    JsonNode expected = new YAMLMapper().readTree(bytes);
    List<io.nestlab.Problem> problems = new java.util.ArrayList<>();
    Node root =
        new TreeReader(problems)
            .read(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), SpecFormat.YAML);
    assertEquals(List.of(), problems);
    JsonNode actual = KnowledgeFile.jsonTree(root);
    assertEquals(expected, actual);
    assertEquals(expected.toString(), actual.toString());
    String mixed = "a: 1\nb: 4294967296\nc: 1.5\nd: true\ne: ~\nf: [x, \"\"]\n";
    assertEquals(
        new YAMLMapper().readTree(mixed),
        KnowledgeFile.jsonTree(new TreeReader(problems).read(mixed, SpecFormat.YAML)));
  }
}
