package io.nestlab.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.nestlab.testing.Peer;
import io.nestlab.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regenerates the embedded catalog from {@code ../shared/data} and fails when the committed
 * resource differs. To rewrite the resource after the data changed:
 *
 * <pre>./mvnw -B -q -o -pl core test -Dtest=CatalogGeneratorTest -Dnestlab.catalog.write=true</pre>
 */
class CatalogGeneratorTest {
  @Test
  void committedCatalogMatchesTheSharedData() throws IOException {
    Peers.require(Peer.SHARED_DATA);
    Path data = Path.of(System.getProperty("nestlab.shared.dir"), "data");
    String generated = CatalogGenerator.generate(data).toText();
    Path resource =
        Path.of(System.getProperty("nestlab.repo.dir", ".."))
            .resolve("core/src/main/resources/io/nestlab/catalog/catalog.tsv");
    if (Boolean.getBoolean("nestlab.catalog.write")) {
      Files.writeString(resource, generated, StandardCharsets.UTF_8);
    }
    String committed = Files.readString(resource, StandardCharsets.UTF_8);
    if (!committed.equals(generated)) {
      List<String> a = committed.lines().toList();
      List<String> b = generated.lines().toList();
      int i = 0;
      while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) {
        i++;
      }
      fail(
          "the committed catalog "
              + resource
              + " differs from what the generator makes from "
              + data
              + " (first difference at line "
              + (i + 1)
              + ":\n  committed: "
              + (i < a.size() ? a.get(i) : "<end>")
              + "\n  generated: "
              + (i < b.size() ? b.get(i) : "<end>")
              + ")\nRegenerate with: ./mvnw -B -q -o -pl core test -Dtest=CatalogGeneratorTest"
              + " -Dnestlab.catalog.write=true");
    }
    // The resource read back equals what was generated: the text format loses nothing.
    assertEquals(generated, Catalog.read(new java.io.StringReader(committed)).toText());
  }
}
