package io.nestlab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NestLab's own resources read directly give the class loader's bytes (docs/design/0200). */
class OwnResourcesTest {
  @Test
  void givesWhatTheClassLoaderGives() throws IOException {
    for (String name :
        List.of(
            "/io/nestlab/catalog/clouds.tsv",
            "/io/nestlab/catalog/catalog.bin",
            "/io/nestlab/spec/vsphere-knowledge.yaml",
            "/io/nestlab/spec/esxi-cpus.yaml")) {
      try (InputStream direct = OwnResources.open(name);
          InputStream loader = OwnResources.class.getResourceAsStream(name)) {
        assertNotNull(direct, name);
        assertArrayEquals(loader.readAllBytes(), direct.readAllBytes(), name);
      }
    }
  }

  @Test
  void aMissingResourceIsNull() throws IOException {
    assertNull(OwnResources.open("/io/nestlab/no-such-resource.txt"));
  }
}
