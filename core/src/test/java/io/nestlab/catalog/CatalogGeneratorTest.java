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
    Path data = sharedData();
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

  /**
   * A metal type costs what the same-size virtual type of its family costs (the rule 59 metal types
   * follow in the Price List data); finds every metal price in the embedded catalog that breaks it,
   * and checks that each corrected one is marked derived.
   */
  @Test
  void everyMetalPriceEqualsItsSameSizeVirtualTypeAndCorrectionsAreMarkedDerived()
      throws IOException {
    Path data = sharedData();
    com.fasterxml.jackson.databind.JsonNode types =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(data.resolve("aws/instance-types.json").toFile());
    java.util.Map<String, java.math.BigDecimal> raw = new java.util.HashMap<>();
    for (String line : Files.readAllLines(data.resolve("aws/ondemand-prices-us-east-1.tsv"))) {
      String[] f = line.split("\t");
      if (!line.startsWith("#") && f.length == 2 && !f[0].equals("instance_type")) {
        raw.put(f[0].trim(), new java.math.BigDecimal(f[1].trim()));
      }
    }
    java.util.Map<String, String> twins = new java.util.HashMap<>();
    types
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().path("BareMetal").asBoolean() && raw.containsKey(e.getKey())) {
                twins.merge(
                    CatalogGenerator.sizeKey(e.getKey(), e.getValue()),
                    e.getKey(),
                    (a, b) -> a.compareTo(b) <= 0 ? a : b);
              }
            });
    java.util.List<String> broken = new java.util.ArrayList<>();
    int checked = 0;
    int derived = 0;
    for (InstanceType t : Catalog.embedded().provider("aws").orElseThrow().instanceTypes()) {
      RegionPrice p = t.prices().get("us-east-1");
      String twin = twins.get(CatalogGenerator.sizeKey(t.name(), types.path(t.name())));
      if (!t.metal() || p == null || twin == null) {
        continue;
      }
      checked++;
      java.math.BigDecimal expected = raw.get(twin);
      if (!CatalogGenerator.MetalRule.sameMetalPrice(p.onDemandUsdPerHour(), expected)) {
        broken.add(t.name() + " $" + p.onDemandUsdPerHour() + " vs " + twin + " $" + expected);
      }
      boolean differsFromRecord =
          !CatalogGenerator.MetalRule.sameMetalPrice(raw.get(t.name()), expected);
      if (differsFromRecord != p.derived()) {
        broken.add(
            t.name()
                + ": derived is "
                + p.derived()
                + " but the record differs: "
                + differsFromRecord);
      }
      derived += p.derived() ? 1 : 0;
    }
    assertEquals(java.util.List.of(), broken, "metal prices breaking the rule");
    org.junit.jupiter.api.Assertions.assertTrue(
        checked > 50 && derived > 20, checked + "/" + derived);
  }

  private static Path sharedData() {
    Peers.require(Peer.SHARED_DATA);
    return Path.of(System.getProperty("nestlab.shared.dir"), "data");
  }
}
