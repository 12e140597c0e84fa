package io.nestlab.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.ProviderCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binary catalog the build makes holds exactly what the text holds (docs/design/0200): every
 * type, price (value and scale), rate, note and date.
 */
class CatalogBinaryTest {
  private static List<ProviderCatalog> fromText() throws IOException {
    try (InputStream in = Catalog.class.getResourceAsStream(Catalog.RESOURCE)) {
      return CatalogText.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theShippedBinaryIsTheTextAndTheEmbeddedCatalogReadsIt() throws IOException {
    byte[] shipped;
    try (InputStream in = Catalog.class.getResourceAsStream("/io/nestlab/catalog/catalog.bin")) {
      assertNotNull(in, "the build makes catalog.bin next to catalog.tsv (core's pom)");
      shipped = in.readAllBytes();
    }
    List<ProviderCatalog> text = fromText();
    assertEquals(text, CatalogBinary.read(shipped));
    assertEquals(new Catalog(text), Catalog.embedded());
    // Byte-identical text back: scales and derivations survive the round trip.
    assertEquals(CatalogText.write(text), CatalogText.write(CatalogBinary.read(shipped)));
  }

  @Test
  void decimalsOfAnySizeAndMissingValuesSurvive() throws IOException {
    String text =
        "provider\tgcp\nasOf\t2026-07-30\nsource\ts\nnote\t\n"
            + "rates\tr1\tpd-balanced\t0.100\t0.005\t-\t12345678901234567890.123456789\n"
            + "custom\tn2\tr1\t0.031611\t0.004237\t-\t-\n"
            + "type\tn2-standard-8\tn2\t8\t32\tintel\tx86_64\tvm\tnested\t0\tspot\tr1,r2\n"
            + "price\tr2\t0.3885\t-\tderived: same-size virtual type\n"
            + "price\tr1\t0.388500\t0.0777\n"
            + "end\n";
    List<ProviderCatalog> read = CatalogText.read(text);
    List<ProviderCatalog> back = CatalogBinary.read(CatalogBinary.write(read));
    assertEquals(read, back);
    assertEquals(
        new BigDecimal("12345678901234567890.123456789"),
        back.get(0).regionRates().get("r1").hyperdiskUsdPerGibMonth());
    assertEquals(
        6, back.get(0).instanceTypes().get(0).prices().get("r1").onDemandUsdPerHour().scale());
    assertEquals(
        List.of("r1", "r2"), List.copyOf(back.get(0).instanceTypes().get(0).prices().keySet()));
  }

  @Test
  void otherBytesAreRefused() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> CatalogBinary.read("provider\taws\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals("the binary catalog is not a packed file of version 1", e.getMessage());
  }
}
