package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample labs in samples/labs/ are valid and survive a write-then-read. */
class SampleLabsTest {
  static Path labs() {
    String repo = System.getProperty("nestlab.repo.dir");
    assertNotNull(repo, "nestlab.repo.dir is set by the parent POM");
    return Path.of(repo, "samples", "labs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"article-lab.yaml", "single-host.yaml", "vsan-4-node.yaml"})
  void sampleLabIsValidAndRoundTrips(String file) {
    LabSpec spec = LabSpecs.read(labs().resolve(file));
    assertEquals(List.of(), SpecValidator.validate(spec));
    for (SpecFormat f : SpecFormat.values()) {
      String text = LabSpecs.write(spec, f);
      assertEquals(spec, LabSpecs.parse(text, "copy." + f.name().toLowerCase()), text);
    }
  }

  @Test
  void everySampleInTheFolderIsCovered() throws Exception {
    try (Stream<Path> files = Files.list(labs())) {
      assertEquals(
          List.of("article-lab.yaml", "single-host.yaml", "vsan-4-node.yaml"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void articleLabIsWhatTheArticleDescribes() {
    LabSpec spec = LabSpecs.read(labs().resolve("article-lab.yaml"));
    assertEquals(3, spec.hosts().size());
    // 8 GiB hosts, but the one carrying vCenter (8.0U3 tiny: 14 GiB next to the 4 GiB ESXi keeps)
    // and the one receiving the new appliance during the upgrade: 18 GiB.
    assertEquals(List.of(18, 8, 18), spec.hosts().stream().map(h -> h.memoryGib()).toList());
    assertEquals("esx-03", spec.upgrade().applianceHost());
    assertEquals("7.0U3", spec.esxi().version());
    assertEquals("8.0U3", spec.upgrade().esxiVersion());
    assertEquals("8.0U3", spec.upgrade().vcenterVersion());
    assertEquals("esx-01", spec.vcenter().placement(), "vcsa-deploy cannot upgrade one on l1");
    assertEquals(1, spec.guests().size());
  }

  @Test
  void articleLabWithVcenterOnAnEightGibHostIsRefusedWithTheReason() {
    LabSpec spec = LabSpecs.read(labs().resolve("article-lab.yaml"));
    LabSpec moved = spec.toBuilder().vcenter(new VcenterSpec("7.0U3", "tiny", "esx-02")).build();
    var problems = SpecValidator.validate(moved);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("vcenter.placement", problems.get(0).path());
    assertTrue(problems.get(0).message().contains("14 GiB"), problems.get(0).message());
    // l1 is no fix for a lab that upgrades vCenter (design 0173)
    assertTrue(!problems.get(0).message().contains("'l1'"), problems.get(0).message());
  }

  @Test
  void articleLabWithoutARoomyHostForTheNewApplianceIsRefusedNamingTheOverride() {
    LabSpec spec = LabSpecs.read(labs().resolve("article-lab.yaml"));
    LabSpec eightGib =
        spec.toBuilder()
            .esxi(
                new EsxiSpec(
                    spec.esxi().version(),
                    3,
                    spec.esxi().namePrefix(),
                    spec.esxi().cpus(),
                    spec.esxi().memoryGib(),
                    spec.esxi().bootDiskGib(),
                    spec.esxi().datastoreDiskGib(),
                    java.util.Map.of("esx-01", HostOverride.memoryGib(18))))
            .upgrade(
                new UpgradeSpec(
                    "8.0U3", "8.0U3", spec.upgrade().esxiIso(), spec.upgrade().vcsaIso(), null))
            .build();
    var problems = SpecValidator.validate(eightGib);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("upgrade.applianceHost", problems.get(0).path());
    String m = problems.get(0).message();
    // esx-03 has 4 GiB free, esx-01 2 (vCenter), esx-02 2 (the guest): the most-free one
    assertTrue(m.contains("second vCenter appliance (8.0U3 tiny) onto esx-03"), m);
    assertTrue(m.contains("esxi.overrides: { esx-03: { memoryGib: 18 } }"), m);
    assertTrue(m.contains("upgrade.applianceHost: esx-03"), m);
  }
}
