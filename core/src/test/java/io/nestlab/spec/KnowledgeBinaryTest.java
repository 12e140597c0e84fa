package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KnowledgeBinaryTest {
  private static byte[] shipped(String resource) throws IOException {
    try (InputStream in = KnowledgeBinary.class.getResourceAsStream(resource)) {
      assertNotNull(in, "the build makes " + resource + " next to its YAML (core's pom)");
      return in.readAllBytes();
    }
  }

  private static void assertSameKnowledge(VsphereKnowledge expected, VsphereKnowledge actual) {
    assertEquals(expected.versions(), actual.versions());
    assertEquals(expected.esxiMinimums(), actual.esxiMinimums());
    assertEquals(expected.vcenterSizes(), actual.vcenterSizes());
    assertEquals(expected.manageRows(), actual.manageRows());
    assertEquals(expected.upgrades(), actual.upgrades());
    assertEquals(expected.allReleases(), actual.allReleases());
  }

  @Test
  void theShippedKnowledgeIsTheYamlsAndIsWhatCommandsRead() throws IOException {
    VsphereKnowledge yaml = KnowledgeFile.fromYaml();
    byte[] shipped = shipped(KnowledgeBinary.KNOWLEDGE);
    assertSameKnowledge(yaml, KnowledgeBinary.readKnowledge(shipped));
    assertSameKnowledge(yaml, VsphereKnowledge.embedded());
    // Made from the YAML now, byte for byte: the shipped file is not stale.
    assertArrayEquals(KnowledgeBinary.write(yaml), shipped);
  }

  @Test
  void theShippedCpuTableIsTheYamlsAndIsWhatCommandsRead() throws IOException {
    EsxiCpus yaml = EsxiCpus.fromYaml();
    byte[] shipped = shipped(KnowledgeBinary.CPUS);
    EsxiCpus read = KnowledgeBinary.readCpus(shipped);
    assertEquals(yaml.generations(), read.generations());
    assertEquals(yaml.series(), read.series());
    assertEquals(yaml.generations(), EsxiCpus.embedded().generations());
    assertEquals(yaml.series(), EsxiCpus.embedded().series());
    assertArrayEquals(KnowledgeBinary.write(yaml), shipped);
    // The per-series index is rebuilt from the rows, not stored.
    for (EsxiCpus.SeriesCpus row : yaml.series()) {
      for (String series : row.series()) {
        assertEquals(yaml.cpusOf(row.cloud(), series), read.cpusOf(row.cloud(), series));
      }
    }
  }

  @Test
  void aDamagedFileIsRefusedNamingIt() throws IOException {
    byte[] good = shipped(KnowledgeBinary.KNOWLEDGE);
    byte[] longer = Arrays.copyOf(good, good.length + 3);
    IOException e = assertThrows(IOException.class, () -> KnowledgeBinary.readKnowledge(longer));
    assertTrue(e.getMessage().contains("vsphere-knowledge.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("3 bytes left"), e.getMessage());
    IOException other =
        assertThrows(
            IOException.class, () -> KnowledgeBinary.readCpus(shipped(KnowledgeBinary.KNOWLEDGE)));
    assertTrue(other.getMessage().contains("esxi-cpus.bin"), other.getMessage());
  }
}
