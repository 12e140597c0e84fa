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
}
