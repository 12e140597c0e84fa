package io.nestlab.engine.internal.rehearse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.engine.RehearsalOptions;
import io.nestlab.internal.io.Json;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spec.MediaRef;
import io.nestlab.spec.UpgradeSpec;
import io.nestlab.spec.VcenterSpec;
import io.nestlab.state.LabRecord;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code rehearsal.json} (design 0120) as the engine writes it for the host. */
class RehearsalConfigTest {
  static LabSpec article() {
    return LabSpecs.read(
        Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", "article-lab.yaml"));
  }

  static JsonNode render(LabSpec spec) throws Exception {
    LabRecord rec =
        LabRecord.builder("lab-1", "fake")
            .owner("tester")
            .created(Instant.EPOCH)
            .spec(spec)
            .build();
    return Json.mapper()
        .readTree(RehearsalConfig.render(rec, RehearsalOptions.full(), "pre-upgrade"));
  }

  @Test
  void theMediaAreWhereTheBootstrapStagedThemAndTheHostsUseTheIso() throws Exception {
    JsonNode c = render(article());

    assertEquals(
        "/var/lib/nestlab/data/media/upgrade/esxi-8.0U3.iso", c.at("/media/esxiIso").asText());
    assertEquals(
        "/var/lib/nestlab/data/media/upgrade/vcsa-8.0U3.iso", c.at("/media/vcsaIso").asText());
    assertTrue(c.at("/media/esxiDepot").isNull());
    c.path("hosts").forEach(h -> assertEquals("iso", h.path("method").asText(), h.toString()));
  }

  @Test
  void anOfflineBundleMakesEveryHostUseTheDepotMethod() throws Exception {
    LabSpec a = article();
    UpgradeSpec up = a.upgrade();
    LabSpec depot =
        a.toBuilder()
            .upgrade(
                new UpgradeSpec(
                    up.esxiVersion(),
                    up.vcenterVersion(),
                    null,
                    up.vcsaIso(),
                    up.applianceHost(),
                    new MediaRef(
                        "https://media.example/VMware-ESXi-8.0U3-24022510-depot.zip", null)))
            .build();

    JsonNode c = render(depot);

    assertEquals(
        "/var/lib/nestlab/data/media/upgrade/esxi-8.0U3-depot.zip",
        c.at("/media/esxiDepot").asText());
    assertTrue(c.at("/media/esxiIso").isNull());
    assertEquals(3, c.path("hosts").size());
    c.path("hosts").forEach(h -> assertEquals("depot", h.path("method").asText(), h.toString()));
  }

  @Test
  void aLabWithVcenterOnL1AndAVcenterUpgradeIsNotRehearsed() {
    LabSpec onL1 =
        article().toBuilder()
            .vcenter(new VcenterSpec("7.0U3", "tiny", VcenterSpec.PLACEMENT_L1))
            .build();
    LabRecord rec =
        LabRecord.builder("old-lab", "fake")
            .owner("tester")
            .created(Instant.EPOCH)
            .spec(onL1)
            .build();

    io.nestlab.InvalidSpecException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.nestlab.InvalidSpecException.class, () -> RehearsalConfig.requireRehearsable(rec));

    assertTrue(e.getMessage().contains("lab old-lab's spec"), e.getMessage());
    assertTrue(e.getMessage().contains("place vCenter on a nested host"), e.getMessage());
    RehearsalConfig.requireRehearsable(
        LabRecord.builder("new-lab", "fake")
            .owner("t")
            .created(Instant.EPOCH)
            .spec(article())
            .build());
  }

  @Test
  void aHostsOnlyUpgradeKeepsVcenterAtItsVersion() throws Exception {
    LabSpec a = article();
    LabSpec hostsOnly =
        a.toBuilder()
            .vcenter(new VcenterSpec("8.0U3", "tiny", VcenterSpec.PLACEMENT_L1))
            .upgrade(new UpgradeSpec("8.0U3", null, a.upgrade().esxiIso(), null))
            .build();

    JsonNode c = render(hostsOnly);

    assertEquals(c.at("/source/vcenter"), c.at("/target/vcenter"));
    assertEquals("8.0U3", c.at("/target/esxi/version").asText());
    assertTrue(c.at("/media/vcsaIso").isNull());
    assertTrue(c.path("newAppliance").isNull(), "no second appliance");
  }

  /**
   * The host vCenter runs on during the host steps is upgraded last (design 0209), in the
   * document's hosts and in the step ids the engine follows alike: the new appliance's host after a
   * vCenter upgrade, else the host vCenter was placed on.
   */
  @Test
  void theHostVcenterRunsOnIsUpgradedLast() throws Exception {
    LabSpec a = article(); // vCenter in esx-01, the new appliance to esx-03
    JsonNode c = render(a);
    assertEquals("esx-01,esx-02,esx-03", names(c));
    assertEquals(
        java.util.List.of(
            "precheck", "checkpoint", "vcenter", "esx-01", "esx-02", "esx-03", "verify", "report"),
        RehearsalConfig.steps(a));
    UpgradeSpec up = a.upgrade();
    LabSpec toFirst =
        a.toBuilder()
            .upgrade(
                new UpgradeSpec(
                    up.esxiVersion(),
                    up.vcenterVersion(),
                    up.esxiIso(),
                    up.vcsaIso(),
                    "esx-01",
                    up.esxiDepot()))
            .build();
    assertEquals("esx-02,esx-03,esx-01", names(render(toFirst)));
    assertEquals(
        java.util.List.of(
            "precheck", "checkpoint", "vcenter", "esx-02", "esx-03", "esx-01", "verify", "report"),
        RehearsalConfig.steps(toFirst));
    LabSpec hostsOnly =
        a.toBuilder()
            .vcenter(new VcenterSpec("8.0U3", "tiny", "esx-02"))
            .upgrade(new UpgradeSpec("8.0U3", null, a.upgrade().esxiIso(), null))
            .build();
    assertEquals("esx-01,esx-03,esx-02", names(render(hostsOnly)));
  }

  private static String names(JsonNode c) {
    java.util.List<String> names = new java.util.ArrayList<>();
    c.path("hosts").forEach(h -> names.add(h.path("name").asText()));
    return String.join(",", names);
  }
}
