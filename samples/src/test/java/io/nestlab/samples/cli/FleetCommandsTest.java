package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet commands on a state directory: {@code up --count}, {@code list --owner/--all-owners},
 * {@code down --owner} and {@code state export/import}. {@code FleetPostgresIT} runs them on
 * PostgreSQL.
 */
class FleetCommandsTest {
  static final String FILE =
      Path.of(System.getProperty("nestlab.repo.dir"), "samples/labs/single-host.yaml").toString();

  @TempDir Path tmp;
  CliRun last;

  int run(String... args) {
    last = CliRun.of(args);
    return last.code;
  }

  String[] on(String state, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--state-dir",
            tmp.resolve(state).toString(),
            "--provider-opt",
            "dir=" + tmp.resolve("cloud"),
            "--provider-opt",
            "transition-ms=20"));
    return all.toArray(String[]::new);
  }

  static List<String> ids(String output, String pattern) {
    List<String> ids = new ArrayList<>();
    Matcher m =
        Pattern.compile("^  (" + pattern + "-[a-z0-9]{6}) \\(owner", Pattern.MULTILINE)
            .matcher(output);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  @Test
  void upCountCreatesNamedOwnedLabsAndDownOwnerRemovesOnlyThatOwnersLabs() {
    assertEquals(
        0,
        run(
            on(
                "here",
                "up",
                FILE,
                "--provider",
                "fake",
                "--count",
                "3",
                "--name-pattern",
                "student-{n}",
                "--owner",
                "student-{n}",
                "--parallel",
                "2",
                "--wait",
                "infrastructure",
                "--yes")),
        last.err.toString());
    String out = last.out.toString();
    assertTrue(out.contains("fleet: creating 3 labs"), out);
    assertTrue(out.contains("fleet: 3 of 3 labs created"), out);
    List<String> ids = ids(out, "student-\\d");
    assertEquals(3, ids.size(), out);
    FileLabStore store = FileLabStore.at(tmp.resolve("here"));
    assertEquals(ids.stream().sorted().toList(), store.labIds());
    assertEquals("student-2", store.load(ids.get(1)).owner());
    assertEquals("student-2", store.load(ids.get(1)).spec().name());

    assertEquals(0, run(on("here", "list", "--owner", "student-2")));
    assertTrue(last.out.toString().contains(ids.get(1)), last.out.toString());
    assertFalse(last.out.toString().contains(ids.get(0)), last.out.toString());
    assertEquals(0, run(on("here", "list", "--all-owners")));
    assertTrue(last.out.toString().contains("OWNER"), last.out.toString());
    ids.forEach(id -> assertTrue(last.out.toString().contains(id), last.out.toString()));

    assertEquals(0, run(on("here", "down", "--owner", "student-2", "--yes")), last.err.toString());
    assertTrue(
        last.out.toString().contains("1 of 1 labs of student-2 destroyed"), last.out.toString());
    assertEquals(LabStatus.DESTROYED, store.load(ids.get(1)).status());
    assertEquals(LabStatus.CREATING, store.load(ids.get(0)).status());
    try (FakeLabProvider cloud =
        FakeLabProvider.builder().directory(tmp.resolve("cloud")).build()) {
      assertTrue(cloud.listOwned(TagFilter.lab(ids.get(1))).isEmpty());
      assertFalse(cloud.listOwned(TagFilter.lab(ids.get(0))).isEmpty());
    }
    assertEquals(0, run(on("here", "down", "--owner", "student-2", "--yes")));
    assertTrue(last.out.toString().contains("no labs of owner student-2"), last.out.toString());
  }

  @Test
  void downSelectorDestroysOnlyTheLabsMatchingEveryTerm() {
    assertEquals(
        0,
        run(
            on(
                "here",
                "up",
                FILE,
                "--provider",
                "fake",
                "--count",
                "3",
                "--name-pattern",
                "student-{n}",
                "--owner",
                "trainer",
                "--wait",
                "infrastructure",
                "--yes")),
        last.err.toString());
    List<String> ids = ids(last.out.toString(), "student-\\d");
    assertEquals(3, ids.size(), last.out.toString());
    FileLabStore store = FileLabStore.at(tmp.resolve("here"));

    assertEquals(
        0,
        run(
            on(
                "here",
                "down",
                "--selector",
                "owner=trainer,name=student-*,id!=" + ids.get(0),
                "--yes")),
        last.err.toString());
    assertTrue(
        last.out.toString().contains("2 of 2 labs matching owner=trainer"), last.out.toString());
    assertEquals(LabStatus.CREATING, store.load(ids.get(0)).status());
    assertEquals(LabStatus.DESTROYED, store.load(ids.get(1)).status());
    assertEquals(LabStatus.DESTROYED, store.load(ids.get(2)).status());

    assertEquals(ExitCode.INVALID_INPUT, run(on("here", "down", "--selector", "team=a", "--yes")));
    assertTrue(
        last.err.toString().contains("'team' is not a key a selector knows"), last.err.toString());
    assertEquals(LabStatus.CREATING, store.load(ids.get(0)).status());
    assertEquals(0, run(on("here", "down", "--selector", "status=ready", "--yes")));
    assertTrue(last.out.toString().contains("no labs matching status=ready"), last.out.toString());
  }

  @Test
  void fleetCostTotalsPerOwnerAndPerTeam() throws Exception {
    for (String owner : List.of("alice", "bob", "carol")) {
      assertEquals(
          0,
          run(
              on(
                  "here",
                  "up",
                  FILE,
                  "--provider",
                  "fake",
                  "--count",
                  owner.equals("alice") ? "2" : "1",
                  "--owner",
                  owner,
                  "--wait",
                  "infrastructure",
                  "--yes")),
          last.err.toString());
    }
    Path teams = tmp.resolve("teams");
    String here = tmp.resolve("here").toString();
    java.nio.file.Files.writeString(teams, "# who is in which team\nteam-a: alice, b*\n");
    assertEquals(
        0,
        run("--json", "fleet", "cost", "--teams", teams.toString(), "--state-dir", here),
        last.err.toString());
    com.fasterxml.jackson.databind.JsonNode doc =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(last.out.toString());
    assertEquals(3, doc.get("owners").size(), last.out.toString());
    assertEquals("alice", doc.get("owners").get(0).get("owner").asText());
    assertEquals("team-a", doc.get("owners").get(0).get("team").asText());
    assertEquals(2, doc.get("owners").get(0).get("labs").asInt());
    assertTrue(doc.get("owners").get(2).get("team").isNull(), last.out.toString());
    assertEquals(2, doc.get("teams").size(), last.out.toString());
    assertTrue(doc.get("teams").get(0).get("team").isNull(), last.out.toString()); // no team
    assertEquals(1, doc.get("teams").get(0).get("labs").asInt());
    assertEquals("team-a", doc.get("teams").get(1).get("team").asText());
    assertEquals(3, doc.get("teams").get(1).get("labs").asInt());
    assertEquals(4, doc.get("total").get("liveLabs").asInt());
    java.math.BigDecimal perLab =
        doc.get("owners").get(1).get("runRateUsdPerHour").decimalValue(); // bob: one running lab
    assertTrue(perLab.signum() > 0, last.out.toString());
    // Three labs of one plan in team-a: three times one lab's rate (each rounded to 4 places).
    java.math.BigDecimal team = doc.get("teams").get(1).get("runRateUsdPerHour").decimalValue();
    assertTrue(
        perLab.multiply(java.math.BigDecimal.valueOf(3)).subtract(team).abs().doubleValue()
            <= 0.0002,
        last.out.toString());

    assertEquals(0, run("fleet", "cost", "--teams", teams.toString(), "--state-dir", here));
    assertTrue(last.out.toString().contains("team-a"), last.out.toString());
    assertTrue(
        last.out.toString().lines().anyMatch(l -> l.startsWith("total")), last.out.toString());

    java.nio.file.Files.writeString(teams, "team-a alice\nteam b: x\n");
    assertEquals(
        ExitCode.INVALID_INPUT,
        run("fleet", "cost", "--teams", teams.toString(), "--state-dir", here));
    assertTrue(last.err.toString().contains("line 1"), last.err.toString());
    assertTrue(last.err.toString().contains("'team b' is not a team name"), last.err.toString());
  }

  @Test
  void badFleetArgumentsAreRefusedBeforeAnythingIsCreated() {
    assertEquals(
        ExitCode.INVALID_INPUT,
        run(
            on(
                "here",
                "up",
                FILE,
                "--provider",
                "fake",
                "--count",
                "3",
                "--name-pattern",
                "same",
                "--yes")));
    assertTrue(last.err.toString().contains("has no {n}"), last.err.toString());
    assertEquals(
        ExitCode.INVALID_INPUT,
        run(on("here", "up", FILE, "--provider", "fake", "--count", "0", "--yes")));
    assertTrue(last.err.toString().contains("--count"), last.err.toString());
    assertEquals(List.of(), FileLabStore.at(tmp.resolve("here")).labIds());
    assertEquals(ExitCode.INVALID_INPUT, run(on("here", "down")));
    assertTrue(last.err.toString().contains("--owner"), last.err.toString());
    assertEquals(ExitCode.INVALID_INPUT, run(on("here", "down", "some-lab", "--owner", "x")));
  }

  @Test
  void stateExportAndImportCopyRecordsAndSecretsAndSkipWhatIsThere() {
    assertEquals(
        0,
        run(
            on(
                "a",
                "up",
                FILE,
                "--provider",
                "fake",
                "--count",
                "2",
                "--wait",
                "infrastructure",
                "--yes")),
        last.err.toString());
    FileLabStore a = FileLabStore.at(tmp.resolve("a"));
    FileLabStore b = FileLabStore.at(tmp.resolve("b"));
    assertEquals(
        0,
        run(
            "state",
            "export",
            "--state-dir",
            tmp.resolve("a").toString(),
            "--to",
            tmp.resolve("b").toString()),
        last.err.toString());
    assertTrue(last.out.toString().contains("2 labs copied"), last.out.toString());
    assertEquals(a.labIds(), b.labIds());
    for (String id : a.labIds()) {
      LabRecord r = a.load(id);
      assertEquals(r, b.load(id));
      assertEquals(a.secrets(id), b.secrets(id));
      assertFalse(a.secrets(id).asMap().isEmpty(), "the lab has secrets to copy");
    }
    assertEquals(
        0,
        run(
            "state",
            "import",
            "--state-dir",
            tmp.resolve("b").toString(),
            "--from",
            tmp.resolve("a").toString()));
    assertTrue(last.out.toString().contains("0 labs copied"), last.out.toString());
    assertTrue(last.out.toString().contains("skipped (--replace overwrites)"), last.out.toString());
    assertEquals(
        ExitCode.STATE,
        run(
            "state",
            "export",
            "--state-dir",
            tmp.resolve("a").toString(),
            "--to",
            tmp.resolve("a").toString()));
  }

  @Test
  void aFleetSharesOneApiRateAndABadRateIsRefusedBeforeAnythingIsMade() {
    assertEquals(
        0,
        run(
            on(
                "rate",
                "up",
                FILE,
                "--provider",
                "fake",
                "--count",
                "2",
                "--api-rate",
                "1000/s",
                "--wait",
                "infrastructure",
                "--yes")),
        last.err.toString());
    assertTrue(
        last.out.toString().contains("fleet: API calls to fake at most 1000 calls/s (burst 2000)"),
        last.out.toString());
    assertTrue(last.out.toString().contains("fleet: 2 of 2 labs created"), last.out.toString());

    assertEquals(
        ExitCode.INVALID_INPUT,
        run(on("bad", "up", FILE, "--provider", "fake", "--count", "2", "--api-rate", "fast")));
    assertTrue(
        last.err.toString().contains("--api-rate: 'fast' is not an API rate"), last.err.toString());
    assertEquals(List.of(), FileLabStore.at(tmp.resolve("bad")).labIds());
  }
}
