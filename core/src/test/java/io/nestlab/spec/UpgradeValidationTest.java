package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upgrade paths, the new appliance's host and its temporary address, as validate reports them. */
class UpgradeValidationTest {
  private static LabSpec lab(UpgradeSpec up, EsxiSpec esxi) {
    return LabSpec.builder()
        .name("upgrade-check")
        .esxi(esxi)
        .vcenter(new VcenterSpec("7.0U3", "tiny", "esx-01"))
        .upgrade(up)
        .build();
  }

  private static List<String> paths(LabSpec spec) {
    return SpecValidator.validate(spec).stream().map(Problem::path).toList();
  }

  /** vCenter tiny on esx-01 (8.0: 14 GiB), room for the new 8.0U3 appliance on esx-02. */
  private static final EsxiSpec ROOMY =
      EsxiSpec.of("7.0U3", 2)
          .withOverride("esx-01", HostOverride.memoryGib(18))
          .withOverride("esx-02", HostOverride.memoryGib(18));

  @Test
  void sevenToNineIsRefusedVcenterFirstNamingTheRouteThroughEightUpdateThree() {
    List<Problem> problems = SpecValidator.validate(lab(new UpgradeSpec("9.0", "9.0"), ROOMY));
    assertEquals(
        List.of("upgrade.vcenterVersion", "upgrade.esxiVersion"),
        problems.stream().map(Problem::path).toList());
    String m = problems.get(0).message();
    assertTrue(m.contains("go through 8.0U3 first: rehearse 7.0U3 -> 8.0U3, then 8.0U3 -> 9.0"), m);
    assertTrue(m.contains("vCenter first, then the hosts"), m);
  }

  @Test
  void theMostFreeHostIsChosenAndAnExplicitOneIsHeld() {
    LabSpec byDefault = lab(new UpgradeSpec("8.0U3", "8.0U3"), ROOMY);
    assertEquals(List.of(), paths(byDefault));
    UpgradePeak peak = UpgradePeak.of(byDefault).orElseThrow();
    assertEquals("esx-02", peak.applianceHost());
    assertTrue(peak.chosenByDefault());
    assertEquals(18, peak.hostNeedGib());
    assertEquals(12, peak.oldAppliance().memoryGib());
    assertEquals(14, peak.newAppliance().memoryGib());
    LabSpec pinned = lab(new UpgradeSpec("8.0U3", "8.0U3", null, null, "esx-01"), ROOMY);
    List<Problem> problems = SpecValidator.validate(pinned);
    assertEquals(List.of("upgrade.applianceHost"), problems.stream().map(Problem::path).toList());
    assertTrue(
        problems.get(0).message().contains("esxi.overrides: { esx-01: { memoryGib: 30 } }"),
        problems.get(0).message());
  }

  @Test
  void applianceHostMustNameAHostAndServeAMajorUpgrade() {
    List<Problem> unknown =
        SpecValidator.validate(lab(new UpgradeSpec("8.0U3", "8.0U3", null, null, "esx-09"), ROOMY));
    assertEquals(List.of("upgrade.applianceHost"), unknown.stream().map(Problem::path).toList());
    assertTrue(unknown.get(0).message().contains("there is no host 'esx-09'"));
    List<Problem> patch =
        SpecValidator.validate(lab(new UpgradeSpec(null, "7.0U3", null, null, "esx-02"), ROOMY));
    // 7.0U3 -> 7.0U3 is refused as not newer; an update within 7.0 deploys no second appliance
    assertTrue(
        patch.stream().anyMatch(p -> p.path().equals("upgrade.applianceHost")), patch.toString());
    assertTrue(UpgradePeak.of(lab(new UpgradeSpec(null, null), ROOMY)).isEmpty());
  }

  @Test
  void theTemporaryAddressOfTheNewApplianceIsCountedOnTheLabNetwork() {
    // A /29 has 6 usable addresses: 2 hosts, vCenter, gateway and DNS take 5; the new
    // appliance's temporary address is the sixth.
    LabSpec fits =
        lab(new UpgradeSpec("8.0U3", "8.0U3"), ROOMY).toBuilder()
            .network(new NetworkSpec("10.10.0.0/29", "lab.internal"))
            .build();
    assertEquals(List.of(), paths(fits));
    LabSpec three =
        fits.toBuilder()
            .esxi(
                EsxiSpec.of("7.0U3", 3)
                    .withOverride("esx-01", HostOverride.memoryGib(18))
                    .withOverride("esx-02", HostOverride.memoryGib(18)))
            .build();
    List<Problem> problems = SpecValidator.validate(three);
    assertEquals(List.of("network.cidr"), problems.stream().map(Problem::path).toList());
    assertTrue(
        problems.get(0).message().contains("the new appliance's temporary address"),
        problems.get(0).message());
  }

  @Test
  void aVcenterOnTheL1HostIsNotUpgradedAndTheFixesAreNamed() {
    LabSpec onL1 =
        lab(
                new UpgradeSpec("8.0U3", "8.0U3", iso("x.iso"), iso("VMware-VCSA-all-8.0.3.iso")),
                ROOMY)
            .toBuilder()
            .vcenter(new VcenterSpec("7.0U3", "tiny", VcenterSpec.PLACEMENT_L1))
            .build();
    List<Problem> problems = SpecValidator.validate(onL1);
    assertEquals(List.of("upgrade.vcenterVersion"), problems.stream().map(Problem::path).toList());
    String m = problems.get(0).message();
    assertTrue(m.contains("vcenter.placement: l1"), m);
    assertTrue(m.contains("place vCenter on a nested host (vcenter.placement: esx-01"), m);
    assertTrue(m.contains("drop upgrade.vcenterVersion and upgrade.vcsaIso"), m);
    // the hosts only: vCenter 8.0U3 on l1 already manages ESXi 8.0U3
    LabSpec hostsOnly =
        onL1.toBuilder()
            .vcenter(new VcenterSpec("8.0U3", "tiny", VcenterSpec.PLACEMENT_L1))
            .upgrade(new UpgradeSpec("8.0U3", null, iso("x.iso"), null))
            .build();
    assertEquals(List.of(), paths(hostsOnly));
  }

  @Test
  void anOfflineBundleIsAZipGivenInsteadOfTheIso() {
    MediaRef zip = iso("VMware-ESXi-8.0U3-24022510-depot.zip");
    LabSpec depot = lab(new UpgradeSpec("8.0U3", "8.0U3", null, null, null, zip), ROOMY);
    assertEquals(List.of(), paths(depot));
    assertEquals(UpgradeSpec.EsxiMethod.DEPOT, depot.upgrade().esxiMethod());
    assertEquals(UpgradeSpec.EsxiMethod.ISO, new UpgradeSpec("8.0U3", null).esxiMethod());

    List<Problem> both =
        SpecValidator.validate(
            lab(new UpgradeSpec("8.0U3", "8.0U3", iso("x.iso"), null, null, zip), ROOMY));
    assertEquals(List.of("upgrade.esxiDepot"), both.stream().map(Problem::path).toList());
    assertTrue(both.get(0).message().contains("not both"), both.get(0).message());
    List<Problem> notZip =
        SpecValidator.validate(
            lab(new UpgradeSpec("8.0U3", "8.0U3", null, null, null, iso("bundle.iso")), ROOMY));
    assertEquals(List.of("upgrade.esxiDepot.url"), notZip.stream().map(Problem::path).toList());
    assertTrue(notZip.get(0).message().contains("is not a .zip"), notZip.get(0).message());
    List<Problem> noVersion =
        SpecValidator.validate(lab(new UpgradeSpec(null, "8.0U3", null, null, null, zip), ROOMY));
    assertTrue(
        noVersion.stream().anyMatch(p -> p.path().equals("upgrade.esxiDepot")),
        noVersion.toString());
    // the bundle's build is checked like the ISO's
    List<Problem> wrong =
        SpecValidator.validate(
            lab(
                new UpgradeSpec(
                    "8.0U3",
                    "8.0U3",
                    null,
                    null,
                    null,
                    iso("VMware-ESXi-7.0U3d-19482537-depot.zip")),
                ROOMY));
    assertEquals(List.of("upgrade.esxiDepot.url"), wrong.stream().map(Problem::path).toList());
  }

  private static MediaRef iso(String file) {
    return new MediaRef("s3://bucket/" + file, null);
  }

  @Test
  void anInstallerOfAnotherVersionThanTheUpgradeNamesIsRefused() {
    LabSpec spec =
        lab(
            new UpgradeSpec(
                "8.0U3", "8.0U3", iso("VMware-VMvisor-Installer-7.0U3d-19482537.x86_64.iso"), null),
            ROOMY);
    List<Problem> problems = SpecValidator.validate(spec);
    assertEquals(List.of("upgrade.esxiIso.url"), problems.stream().map(Problem::path).toList());
    assertTrue(
        problems
            .get(0)
            .message()
            .contains("ESXi 7.0U3d (build 19482537, 2022-03-29), not the 8.0U3"),
        problems.get(0).message());
  }

  @Test
  void validateRefusesAnEightUpdateThreePatchToAnOlderNineZeroBuildFromShippedData() {
    LabSpec spec =
        LabSpec.builder()
            .name("back-in-time-shipped")
            .esxi(EsxiSpec.of("8.0U3", 1))
            .media(new MediaSpec(iso("VMware-VMvisor-Installer-8.0U3g-24859861.x86_64.iso"), null))
            .upgrade(
                new UpgradeSpec(
                    "9.0", null, iso("VMware-VMvisor-Installer-9.0.0.0.24755229.x86_64.iso"), null))
            .build();
    List<Problem> problems = SpecValidator.validate(spec);
    assertEquals(List.of("upgrade.esxiIso.url"), problems.stream().map(Problem::path).toList());
    assertTrue(problems.get(0).message().startsWith("back in time"), problems.get(0).message());
    assertTrue(
        problems.get(0).message().contains("upgrade to 9.0.1 (2025-09-29)"),
        problems.get(0).message());
    // the 9.0.1 offline bundle's name carries its build too, and is newer: accepted
    LabSpec ok =
        spec.toBuilder()
            .upgrade(
                new UpgradeSpec("9.0", null, iso("VMware-ESXi-9.0.1.0.24957456-depot.zip"), null))
            .build();
    assertEquals(List.of(), SpecValidator.validate(ok).stream().map(Problem::path).toList());
  }

  @Test
  void aTargetBuildReleasedBeforeTheSourceBuildIsRefusedAsBackInTime() throws Exception {
    // Test rows, not shipped data: a 9.0 ESXi build dated before 8.0U3i (2026-02-24).
    com.fasterxml.jackson.databind.JsonNode root;
    try (var in = VsphereKnowledge.class.getResourceAsStream("vsphere-knowledge.yaml")) {
      root = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(in);
    }
    ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("releases"))
        .addObject()
        .put("product", "esxi")
        .put("version", "9.0")
        .put("name", "9.0-early")
        .put("build", 90000001L)
        .put("released", "2025-06-17")
        .put("source", "test fixture");
    VsphereKnowledge k = VsphereKnowledge.fromTree(root);
    LabSpec spec =
        LabSpec.builder()
            .name("back-in-time")
            .esxi(EsxiSpec.of("8.0U3", 1))
            .media(new MediaSpec(iso("VMware-VMvisor-Installer-8.0U3i-25205845.x86_64.iso"), null))
            .upgrade(
                new UpgradeSpec("9.0", null, iso("VMware-VMvisor-Installer-90000001.iso"), null))
            .build();
    List<Problem> problems = SpecValidator.validate(spec, k);
    assertEquals(List.of("upgrade.esxiIso.url"), problems.stream().map(Problem::path).toList());
    assertTrue(problems.get(0).message().startsWith("back in time"), problems.get(0).message());
    // with the shipped knowledge neither build is dated against the other: not checked
    assertEquals(List.of(), SpecValidator.validate(spec).stream().map(Problem::path).toList());
  }
}
