package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.SaveOptions;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blueprints from the command line, on the directory-backed fake cloud (issue 17's done-when). */
class BlueprintCommandsTest {
  @TempDir Path tmp;
  private FakeCloudCli cli;

  @BeforeEach
  void cli() {
    cli = new FakeCloudCli(tmp);
  }

  private String up(String... extra) {
    return cli.up("single-host.yaml", extra);
  }

  @Test
  void saveThenTwoLabsFromTheBlueprintSkipTheInstallAndEstimateShowsItsCosts() {
    String source = up();
    assertEquals(0, cli.run(cli.lab("save", source, "--as", "base")), cli.err());
    assertTrue(cli.out().contains("lab-shutdown: nested lab stopped"), cli.out());
    assertTrue(cli.out().contains("blueprint base saved from lab " + source), cli.out());
    assertTrue(cli.out().contains("$/month") || cli.out().contains("/month"), cli.out());
    assertTrue(cli.out().contains(source + " is running again"), cli.out());

    String a = up("--from", "base");
    String upOutput = cli.out();
    assertTrue(
        upOutput.contains("from blueprint base, no install (expected time per phase)"), upOutput);
    assertTrue(upOutput.contains("bootstrap restore"), upOutput);
    String b = up("--blueprint", "base");
    assertFalse(a.equals(b));
    for (String id : List.of(a, b)) {
      String c = cli.console(id);
      assertTrue(c.contains("phase=restore"), c);
      assertFalse(c.contains("phase=esxi"), "the install phases are skipped: " + c);
      assertFalse(c.contains("phase=vcenter"), c);
    }
    assertTrue(cli.console(source).contains("phase=esxi"));

    assertEquals(
        0, cli.run("estimate", "--from", "base", "--state-dir", cli.state().toString()), cli.err());
    String est = cli.out();
    assertTrue(est.contains("From blueprint base (fake fake-central-1"), est);
    assertTrue(est.contains("storage: "), est);
    assertTrue(est.contains("/month, kept until"), est);
    assertTrue(est.contains("restore cost until ready: $"), est);
    assertTrue(est.contains("built from installers: $"), est);
    estimateJsonHasTheBlueprintPart();

    assertEquals(0, cli.run(cli.lab("blueprints", "--provider", "fake")), cli.err());
    assertTrue(cli.out().contains("base") && cli.out().contains("ready"), cli.out());
    assertEquals(0, cli.run(cli.lab("list", "--provider", "fake")), cli.err());
    assertFalse(cli.out().contains("bp-base"), "a blueprint is no lab: " + cli.out());
    // Without --provider the cloud is not asked, and the output says so and how to ask it.
    assertEquals(0, cli.run(cli.lab("blueprints")), cli.err());
    assertTrue(cli.out().contains(" unchecked "), cli.out());
    assertFalse(cli.out().contains("unknown"), cli.out());
    assertTrue(
        cli.out().contains("the cloud was not asked")
            && cli.out().contains("nestlab blueprints --provider fake"),
        cli.out());
    // Another provider than the blueprint's: refused before anything is asked or forgotten.
    assertEquals(
        ExitCode.STATE, cli.run(cli.lab("blueprints", "delete", "base", "--provider", "aws")));
    assertTrue(
        cli.err().contains("blueprint base lives on provider 'fake' (fake-central-1), not 'aws'"),
        cli.err());
    assertEquals(
        ExitCode.STATE,
        cli.run(cli.lab("up", "--blueprint", "base", "--provider", "aws", "--yes")));
    assertTrue(cli.err().contains("pass --provider fake"), cli.err());
    assertEquals("", cli.out(), "refused before the plan");
    assertEquals(0, cli.run(cli.lab("blueprints", "--json")), cli.err());
    assertTrue(cli.out().contains("\"name\" : \"base\""), cli.out());

    assertEquals(0, cli.run(cli.lab("cost")), cli.err());
    assertTrue(cli.out().contains("blueprint base"), cli.out());

    for (String id : List.of(source, a, b)) {
      assertEquals(0, cli.run(cli.lab("down", id, "--yes")), cli.err());
    }
    try (FakeLabProvider c = cli.cloud()) {
      assertEquals(1, c.listOwned(TagFilter.anyLab()).size(), "only the blueprint is left");
    }
    assertEquals(0, cli.run(cli.lab("blueprints", "delete", "base")), cli.err());
    assertTrue(cli.out().contains("deleted snapshot fake-snap-"), cli.out());
    try (FakeLabProvider c = cli.cloud()) {
      assertEquals(List.of(), c.listOwned(TagFilter.anyLab()));
    }
  }

  /** {@code estimate --from base --json}: the plan, and the blueprint part the text shows. */
  private void estimateJsonHasTheBlueprintPart() {
    assertEquals(
        0,
        cli.run("estimate", "--from", "base", "--json", "--state-dir", cli.state().toString()),
        cli.err());
    JsonNode doc;
    try {
      doc = new ObjectMapper().readTree(cli.out());
    } catch (java.io.IOException e) {
      throw new AssertionError(cli.out(), e);
    }
    assertTrue(doc.path("options").size() > 0, cli.out());
    JsonNode bp = doc.path("blueprint");
    assertEquals("base", bp.path("name").asText(), cli.out());
    assertEquals("fake", bp.path("provider").asText());
    assertTrue(bp.path("storageGib").asInt() > 0, cli.out());
    assertTrue(bp.path("storageUsdPerMonth").isNumber(), cli.out());
    JsonNode restore = bp.path("restore");
    assertTrue(restore.path("costUsd").isNumber() && restore.path("seconds").isNumber(), cli.out());
    List<String> phases = new ArrayList<>();
    restore.path("phases").forEach(p -> phases.add(p.path("phase").asText()));
    assertTrue(phases.contains("bootstrap restore"), phases.toString());
    assertFalse(phases.contains("bootstrap esxi"), "a restore installs nothing: " + phases);
    assertTrue(bp.path("fromInstallers").path("costUsd").isNumber(), cli.out());
    assertTrue(bp.path("fromInstallers").path("seconds").isNumber(), cli.out());
  }

  @Test
  void anUnknownBlueprintIsRefusedBeforeAnythingIsPrintedAndABadNameIsBadInput() {
    String file = FakeCloudCli.sample("single-host.yaml").toString();
    assertEquals(
        ExitCode.STATE,
        cli.run(cli.lab("up", file, "--from", "nope", "--provider", "fake", "--yes")),
        cli.err());
    assertEquals("", cli.out(), "no plan, no phase times: only the error");
    assertTrue(
        cli.err().contains("no blueprint nope is recorded in ")
            && cli.err().contains("fake has no complete snapshot tagged nestlab-blueprint=nope"),
        cli.err());
    try (FakeLabProvider c = cli.cloud()) {
      assertEquals(List.of(), c.listOwned(TagFilter.anyLab()), "nothing was created");
    }
    // A name that names nothing is a state error, as an unknown lab is (docs/cli.md).
    assertEquals(
        ExitCode.STATE, cli.run(cli.lab("blueprints", "delete", "nope", "--provider", "fake")));
    assertTrue(cli.err().contains("no blueprint nope is recorded in "), cli.err());
    assertFalse(cli.out().contains("is deleted"), cli.out());
    // A name that cannot be a blueprint's is bad input, as a bad lab id is.
    List<String[]> badNames =
        List.of(
            cli.lab("up", file, "--from", "Bad Name", "--provider", "fake", "--yes"),
            cli.lab("up", "--blueprint", "../x", "--provider", "fake", "--yes"),
            cli.lab("save", "no-such-lab", "--as", "Bad_Name"),
            cli.lab("blueprints", "delete", "x_y"),
            new String[] {"estimate", "--from", "BAD", "--state-dir", cli.state().toString()});
    for (String[] args : badNames) {
      assertEquals(ExitCode.INVALID_INPUT, cli.run(args), String.join(" ", args) + cli.err());
      assertTrue(cli.err().contains("is not a blueprint name"), cli.err());
      assertFalse(cli.err().contains("\tat "), cli.err());
      assertEquals("", cli.out(), String.join(" ", args));
    }
  }

  @Test
  void aFleetStartsFromOneBlueprintEachLabSkippingTheInstall() {
    String source = up();
    assertEquals(0, cli.run(cli.lab("save", source, "--as", "class")), cli.err());
    List<String> args =
        new ArrayList<>(
            List.of(
                "up",
                FakeCloudCli.sample("single-host.yaml").toString(),
                "--provider",
                "fake",
                "--yes",
                "--from",
                "class",
                "--count",
                "3",
                "--name-pattern",
                "student-{n}"));
    assertEquals(0, cli.run(cli.lab(args.toArray(String[]::new))), cli.err() + cli.out());
    FileLabStore store = FileLabStore.at(cli.state());
    List<String> students =
        store.labIds().stream().filter(id -> id.startsWith("student-")).toList();
    assertEquals(3, students.size(), store.labIds().toString());
    for (String id : students) {
      assertEquals(io.nestlab.state.LabStatus.READY, store.load(id).status(), id);
      String c = cli.console(id);
      assertTrue(c.contains("phase=restore"), id + ": " + c);
      assertFalse(c.contains("phase=esxi"), id + " skipped the install: " + c);
    }
  }

  @Test
  void sweepDeletesAnExpiredBlueprintFromItsTagsAloneAndItsDryRunShowsIt() {
    // Saved 40 days ago for 30 days: expired ten days ago.
    LabSpec spec = LabSpecs.read(FakeCloudCli.sample("single-host.yaml"));
    ProviderSettings settings =
        ProviderSettings.of(
            Map.of(
                "dir", tmp.resolve("cloud").toString(),
                "transition-ms", "50",
                "boot-phase-ms", "5"));
    LabEngine past =
        LabEngine.builder(FileLabStore.at(tmp.resolve("elsewhere")))
            .clock(Clock.fixed(Instant.now().minus(Duration.ofDays(40)), ZoneOffset.UTC))
            .pollInterval(Duration.ofMillis(20))
            .build();
    LabRecord lab =
        past.create(CreateRequest.of(spec, LabPlanning.cheapest(spec, "fake", null), settings));
    past.save(lab.labId(), "old", SaveOptions.keepRunning(), ProviderSettings.empty());
    past.destroy(lab.labId(), ProviderSettings.empty());

    assertEquals(0, cli.run(cli.sweepWithoutState(true)), cli.err());
    assertTrue(cli.out().contains("would delete snapshot fake-snap-"), cli.out());
    assertTrue(cli.out().contains("of blueprint old"), cli.out());
    assertEquals(0, cli.run(cli.sweepWithoutState(false)), cli.err());
    try (FakeLabProvider c = cli.cloud()) {
      assertEquals(List.of(), c.listOwned(BlueprintTags.filter("old")));
    }
  }

  @Test
  void upFromABlueprintRefusesWhatCannotWork() {
    assertEquals(
        ExitCode.INVALID_INPUT, cli.run(cli.lab("up", "--provider", "fake", "--yes")), cli.out());
    assertTrue(cli.err().contains("FILE: is required"), cli.err());
    assertEquals(
        ExitCode.STATE,
        cli.run(cli.lab("up", "--blueprint", "nothing-here", "--provider", "fake", "--yes")));
    assertTrue(cli.err().contains("no blueprint nothing-here is recorded"), cli.err());
    assertEquals(ExitCode.STATE, cli.run(cli.lab("save", "no-such-lab", "--as", "x")));
  }
}
