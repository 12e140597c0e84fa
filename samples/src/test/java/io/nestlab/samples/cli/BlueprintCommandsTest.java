package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Blueprints from the command line, on the directory-backed fake cloud (issue 17's done-when). */
class BlueprintCommandsTest {
  @TempDir Path tmp;
  private StringWriter out;
  private StringWriter err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = NestLabCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private String[] lab(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--state-dir",
            tmp.resolve("state").toString(),
            "--provider-opt",
            "dir=" + tmp.resolve("cloud"),
            "--provider-opt",
            "transition-ms=50",
            "--provider-opt",
            "boot-phase-ms=5"));
    return all.toArray(String[]::new);
  }

  private static Path sample(String name) {
    return Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", name);
  }

  private FakeLabProvider cloud() {
    // The same timings as the commands' (a console shows the phases by its reader's timings).
    return FakeLabProvider.builder()
        .directory(tmp.resolve("cloud"))
        .transition(Duration.ofMillis(50))
        .bootPhase(Duration.ofMillis(5))
        .build();
  }

  private String up(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("up", sample("single-host.yaml").toString(), "--provider", "fake", "--yes"));
    args.addAll(List.of(extra));
    assertEquals(0, run(lab(args.toArray(String[]::new))), err.toString() + out);
    Matcher m = Pattern.compile("lab (single-host-[a-z0-9]+) is ready").matcher(out.toString());
    assertTrue(m.find(), out.toString());
    return m.group(1);
  }

  private String console(String labId) {
    LabRecord r = FileLabStore.at(tmp.resolve("state")).load(labId);
    try (FakeLabProvider c = cloud()) {
      return c.readConsole(r.host(), 0).text();
    }
  }

  @Test
  void saveThenTwoLabsFromTheBlueprintSkipTheInstallAndEstimateShowsItsCosts() {
    String source = up();
    assertEquals(0, run(lab("save", source, "--as", "base")), err.toString());
    assertTrue(out.toString().contains("lab-shutdown: nested lab stopped"), out.toString());
    assertTrue(out.toString().contains("blueprint base saved from lab " + source), out.toString());
    assertTrue(
        out.toString().contains("$/month") || out.toString().contains("/month"), out.toString());
    assertTrue(out.toString().contains(source + " is running again"), out.toString());

    String a = up("--from", "base");
    String upOutput = out.toString();
    assertTrue(
        upOutput.contains("from blueprint base, no install (expected time per phase)"), upOutput);
    assertTrue(upOutput.contains("bootstrap restore"), upOutput);
    String b = up("--blueprint", "base");
    assertFalse(a.equals(b));
    for (String id : List.of(a, b)) {
      String c = console(id);
      assertTrue(c.contains("phase=restore"), c);
      assertFalse(c.contains("phase=esxi"), "the install phases are skipped: " + c);
      assertFalse(c.contains("phase=vcenter"), c);
    }
    assertTrue(console(source).contains("phase=esxi"));

    assertEquals(
        0,
        run("estimate", "--from", "base", "--state-dir", tmp.resolve("state").toString()),
        err.toString());
    String est = out.toString();
    assertTrue(est.contains("From blueprint base (fake fake-central-1"), est);
    assertTrue(est.contains("storage: "), est);
    assertTrue(est.contains("/month, kept until"), est);
    assertTrue(est.contains("restore cost until ready: $"), est);
    assertTrue(est.contains("built from installers: $"), est);

    assertEquals(0, run(lab("blueprints", "--provider", "fake")), err.toString());
    assertTrue(out.toString().contains("base") && out.toString().contains("ready"), out.toString());
    assertEquals(0, run(lab("list", "--provider", "fake")), err.toString());
    assertFalse(out.toString().contains("bp-base"), "a blueprint is no lab: " + out);
    assertEquals(0, run(lab("blueprints", "--json")), err.toString());
    assertTrue(out.toString().contains("\"name\" : \"base\""), out.toString());

    assertEquals(0, run(lab("cost")), err.toString());
    assertTrue(out.toString().contains("blueprint base"), out.toString());

    for (String id : List.of(source, a, b)) {
      assertEquals(0, run(lab("down", id, "--yes")), err.toString());
    }
    try (FakeLabProvider c = cloud()) {
      assertEquals(1, c.listOwned(TagFilter.anyLab()).size(), "only the blueprint is left");
    }
    assertEquals(0, run(lab("blueprints", "delete", "base")), err.toString());
    assertTrue(out.toString().contains("deleted snapshot fake-snap-"), out.toString());
    try (FakeLabProvider c = cloud()) {
      assertEquals(List.of(), c.listOwned(TagFilter.anyLab()));
    }
  }

  @Test
  void aFleetStartsFromOneBlueprintEachLabSkippingTheInstall() {
    String source = up();
    assertEquals(0, run(lab("save", source, "--as", "class")), err.toString());
    List<String> args =
        new ArrayList<>(
            List.of(
                "up",
                sample("single-host.yaml").toString(),
                "--provider",
                "fake",
                "--yes",
                "--from",
                "class",
                "--count",
                "3",
                "--name-pattern",
                "student-{n}"));
    assertEquals(0, run(lab(args.toArray(String[]::new))), err.toString() + out);
    FileLabStore store = FileLabStore.at(tmp.resolve("state"));
    List<String> students =
        store.labIds().stream().filter(id -> id.startsWith("student-")).toList();
    assertEquals(3, students.size(), store.labIds().toString());
    for (String id : students) {
      assertEquals(io.nestlab.state.LabStatus.READY, store.load(id).status(), id);
      String c = console(id);
      assertTrue(c.contains("phase=restore"), id + ": " + c);
      assertFalse(c.contains("phase=esxi"), id + " skipped the install: " + c);
    }
  }

  @Test
  void sweepDeletesAnExpiredBlueprintFromItsTagsAloneAndItsDryRunShowsIt() {
    // Saved 40 days ago for 30 days: expired ten days ago.
    LabSpec spec = LabSpecs.read(sample("single-host.yaml"));
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

    String[] sweep = {
      "sweep",
      "--provider",
      "fake",
      "--provider-opt",
      "dir=" + tmp.resolve("cloud"),
      "--state-dir",
      tmp.resolve("no-state").toString(),
      "--dry-run"
    };
    assertEquals(0, run(sweep), err.toString());
    assertTrue(out.toString().contains("would delete snapshot fake-snap-"), out.toString());
    assertTrue(out.toString().contains("of blueprint old"), out.toString());
    assertEquals(0, run(java.util.Arrays.copyOf(sweep, sweep.length - 1)), err.toString());
    try (FakeLabProvider c = cloud()) {
      assertEquals(List.of(), c.listOwned(BlueprintTags.filter("old")));
    }
  }

  @Test
  void upFromABlueprintRefusesWhatCannotWork() {
    assertEquals(
        ExitCode.INVALID_INPUT, run(lab("up", "--provider", "fake", "--yes")), out.toString());
    assertTrue(err.toString().contains("FILE: is required"), err.toString());
    assertEquals(
        ExitCode.STATE,
        run(lab("up", "--blueprint", "nothing-here", "--provider", "fake", "--yes")));
    assertTrue(err.toString().contains("no blueprint nothing-here is recorded"), err.toString());
    assertEquals(ExitCode.STATE, run(lab("save", "no-such-lab", "--as", "x")));
  }
}
