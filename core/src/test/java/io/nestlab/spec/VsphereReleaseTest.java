package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.nestlab.spec.VsphereKnowledge.Product;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Builds, release dates and the upgrade-path check by version and by build. */
class VsphereReleaseTest {
  private final VsphereKnowledge k = VsphereKnowledge.embedded();

  private static VsphereVersion v(String s) {
    return VsphereVersion.of(s);
  }

  @Test
  void theShippedReleasesCarryBuildsDatesAndSources() {
    VsphereRelease u3 = k.release(Product.ESXI, v("7.0U3")).orElseThrow();
    assertEquals(18644231L, u3.build());
    VsphereRelease e = k.release(Product.ESXI, "8.0U3e").orElseThrow();
    assertEquals(24674464L, e.build());
    assertEquals(LocalDate.of(2025, 4, 10), e.releaseDate().orElseThrow());
    assertEquals(v("8.0U3"), e.version());
    assertEquals(e, k.releaseOfBuild(Product.ESXI, 24674464L).orElseThrow());
    assertEquals(24022510L, k.release(Product.ESXI, v("8.0U3")).orElseThrow().build());
    assertEquals(25148086L, k.release(Product.VCENTER, "9.0.2").orElseThrow().build());
    assertEquals(24022515L, k.release(Product.VCENTER, v("8.0U3")).orElseThrow().build());
    assertTrue(k.release(Product.VCENTER, "8.0U3e").orElseThrow().releaseDate().isEmpty());
    for (Product p : Product.values()) {
      List<VsphereRelease> all = k.releases(p);
      assertFalse(all.isEmpty());
      for (int i = 0; i < all.size(); i++) {
        VsphereRelease r = all.get(i);
        assertFalse(r.source().isBlank(), r.name());
        assertTrue(r.released() != null || !r.note().isBlank(), r.name() + ": no date, no note");
        assertTrue(k.isKnown(r.version()), r.name() + " belongs to a known version");
        assertTrue(i == 0 || all.get(i - 1).build() < r.build(), "oldest build first");
      }
    }
  }

  @Test
  void sevenToNineGoesThroughEightUpdateThree() {
    UpgradeCheck c = k.checkUpgrade(Product.VCENTER, v("7.0U3"), v("9.0"));
    assertFalse(c.supported());
    assertEquals(List.of(v("7.0U3"), v("8.0U3"), v("9.0")), c.route());
    assertTrue(c.reason().contains("go through 8.0U3 first"), c.reason());
    assertEquals("7.0U3 -> 8.0U3 -> 9.0", c.routeText());
    UpgradeCheck ok = k.checkUpgrade(Product.ESXI, v("7.0U3"), v("8.0U3"));
    assertTrue(ok.supported());
    assertEquals("", ok.reason());
    assertFalse(k.checkUpgrade(Product.ESXI, v("8.0U3"), v("8.0U3")).supported());
  }

  @Test
  void aPatchToALaterBuildOfTheSameUpdateIsSupportedAndADowngradeIsNot() {
    VsphereRelease e = k.release(Product.ESXI, "8.0U3e").orElseThrow();
    VsphereRelease i = k.release(Product.ESXI, "8.0U3i").orElseThrow();
    assertTrue(k.checkUpgrade(e, i).supported());
    UpgradeCheck down = k.checkUpgrade(i, e);
    assertFalse(down.supported());
    assertTrue(down.reason().contains("not newer"), down.reason());
  }

  @Test
  void aTargetReleasedBeforeTheSourceBuildIsBlockedAndALaterOneIsNamed() throws Exception {
    // Test rows, not shipped data: two 9.0 builds around the date of 8.0U3i.
    VsphereKnowledge fixture =
        withRows(
            row("esxi", "9.0", "9.0-early", 90000001L, "2025-06-17"),
            row("esxi", "9.0", "9.0-late", 90000002L, "2026-03-31"));
    VsphereRelease source = fixture.release(Product.ESXI, "8.0U3i").orElseThrow();
    VsphereRelease early = fixture.release(Product.ESXI, "9.0-early").orElseThrow();
    UpgradeCheck blocked = fixture.checkUpgrade(source, early);
    assertFalse(blocked.supported());
    assertTrue(blocked.reason().startsWith("back in time"), blocked.reason());
    assertTrue(
        blocked.reason().contains("upgrade to 9.0-late (2026-03-31) or later"), blocked.reason());
    assertTrue(
        fixture
            .checkUpgrade(source, fixture.release(Product.ESXI, "9.0-late").orElseThrow())
            .supported());
    // Without a date on either side the check cannot tell, and does not block.
    VsphereRelease undated = fixture.release(Product.ESXI, v("8.0U3")).orElseThrow();
    assertTrue(fixture.checkUpgrade(undated, early).supported());
    // 7.0U3 to a 9.0 build is refused by version first, naming the route.
    UpgradeCheck seven =
        fixture.checkUpgrade(fixture.release(Product.ESXI, v("7.0U3")).orElseThrow(), early);
    assertEquals(List.of(v("7.0U3"), v("8.0U3"), v("9.0")), seven.route());
  }

  @Test
  void anEightUpdateThreePatchNewerThanNineGaIsBlockedFromItWithShippedData() {
    // Shipped rows: ESXi 8.0U3g (2025-07-29) came out after ESX 9.0 GA (2025-06-17) and its
    // 9.0.0.0100 patch (2025-07-15); the first 9.0 release dated after it is 9.0.1 (2025-09-29).
    VsphereRelease u3g = k.release(Product.ESXI, "8.0U3g").orElseThrow();
    VsphereRelease ga = k.release(Product.ESXI, v("9.0")).orElseThrow();
    assertEquals(24755229L, ga.build());
    assertEquals(LocalDate.of(2025, 6, 17), ga.releaseDate().orElseThrow());
    UpgradeCheck blocked = k.checkUpgrade(u3g, ga);
    assertFalse(blocked.supported());
    assertTrue(blocked.reason().startsWith("back in time"), blocked.reason());
    assertTrue(
        blocked.reason().contains("upgrade to 9.0.1 (2025-09-29) or later"), blocked.reason());
    assertFalse(
        k.checkUpgrade(u3g, k.release(Product.ESXI, "9.0.0.0100").orElseThrow()).supported());
    assertTrue(k.checkUpgrade(u3g, k.release(Product.ESXI, "9.0.1").orElseThrow()).supported());
    // 8.0U3e (2025-04-10) predates 9.0 GA: allowed.
    assertTrue(k.checkUpgrade(k.release(Product.ESXI, "8.0U3e").orElseThrow(), ga).supported());
    // 8.0U3i (2026-02-24) is newer than every dated 9.0 release: none is named, the date is.
    UpgradeCheck i = k.checkUpgrade(k.release(Product.ESXI, "8.0U3i").orElseThrow(), ga);
    assertFalse(i.supported());
    assertTrue(i.reason().contains("a 9.0 release dated 2026-02-24 or later"), i.reason());
  }

  @Test
  void vcenterSevenUpdateThreeAndNineZeroAreKnownByBuildAndDate() {
    VsphereRelease u3 = k.release(Product.VCENTER, v("7.0U3")).orElseThrow();
    assertEquals(18700403L, u3.build());
    assertEquals(LocalDate.of(2021, 10, 5), u3.releaseDate().orElseThrow());
    assertEquals(24026615L, k.release(Product.VCENTER, "7.0U3r").orElseThrow().build());
    assertEquals(v("7.0U3"), k.releaseOfBuild(Product.VCENTER, 24322018L).orElseThrow().version());
    VsphereRelease nine = k.release(Product.VCENTER, v("9.0")).orElseThrow();
    assertEquals(24755230L, nine.build());
    // vCenter 7.0U3t (2024-10-21) to 8.0U3 GA (2024-06-25) goes back in time; 8.0U3d does not.
    VsphereRelease u3t = k.release(Product.VCENTER, "7.0U3t").orElseThrow();
    UpgradeCheck back = k.checkUpgrade(u3t, k.release(Product.VCENTER, v("8.0U3")).orElseThrow());
    assertFalse(back.supported());
    assertTrue(back.reason().contains("upgrade to 8.0U3d (2024-10-21) or later"), back.reason());
    assertTrue(k.checkUpgrade(u3t, k.release(Product.VCENTER, "8.0U3d").orElseThrow()).supported());
  }

  @Test
  void aReleaseRowNeedsABuildAndADateOrANoteWhyNot() throws Exception {
    ObjectNode bad = row("esxi", "8.0U3", "8.0U3z", 1L, null);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> withRows(bad));
    assertTrue(e.getMessage().contains("no date and no note"), e.getMessage());
    ObjectNode noBuild = row("esxi", "8.0U3", "8.0U3z", 1L, "2025-01-01");
    noBuild.remove("build");
    e = assertThrows(IllegalStateException.class, () -> withRows(noBuild));
    assertTrue(e.getMessage().contains("'build'"), e.getMessage());
  }

  private static ObjectNode row(
      String product, String version, String name, long build, String released) {
    ObjectNode r = new YAMLMapper().createObjectNode();
    r.put("product", product).put("version", version).put("name", name).put("build", build);
    if (released != null) {
      r.put("released", released);
    }
    r.put("source", "test fixture");
    return r;
  }

  private static VsphereKnowledge withRows(ObjectNode... rows) throws Exception {
    JsonNode root;
    try (InputStream in = VsphereKnowledge.class.getResourceAsStream("vsphere-knowledge.yaml")) {
      root = new YAMLMapper().readTree(in);
    }
    ArrayNode releases = (ArrayNode) root.get("releases");
    for (ObjectNode r : rows) {
      releases.add(r);
    }
    return VsphereKnowledge.fromTree(root);
  }
}
