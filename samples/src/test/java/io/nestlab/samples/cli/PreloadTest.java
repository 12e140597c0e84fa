package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.nestlab.catalog.Catalog;
import org.junit.jupiter.api.Test;

/** The second thread of an offline command gives the same catalog; no command, no thread. */
class PreloadTest {
  @Test
  void optionsAloneNameNoCommandAndPreloadNothing() {
    // Set.of(...).contains(null) throws: --version and --help name no command.
    Preload.start("--version");
    Preload.start("--json", "--verbose");
    Preload.start();
    assertSame(Catalog.embedded(), Preload.embeddedCatalog());
  }

  @Test
  void aCatalogCommandGetsTheEmbeddedCatalogFromTheSecondThread() {
    Preload.start("--json", "estimate", "lab.yaml");
    Catalog preloaded = Preload.embeddedCatalog();
    assertEquals(Catalog.embedded().providerIds(), preloaded.providerIds());
    assertEquals(Catalog.embedded(), preloaded);
  }
}
