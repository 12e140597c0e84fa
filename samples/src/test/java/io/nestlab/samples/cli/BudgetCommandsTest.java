package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nestlab budget set/list/remove/teams}, and budgets enforced by {@code up} (one lab and a
 * fleet) and shown by {@code estimate}, on a state directory.
 */
class BudgetCommandsTest {
  @TempDir Path tmp;
  CliRun last;

  int run(String... args) {
    last = CliRun.of(args);
    return last.code;
  }

  String state() {
    return tmp.resolve("state").toString();
  }

  int up(String owner, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "up",
                FleetCommandsTest.FILE,
                "--provider",
                "fake",
                "--provider-opt",
                "dir=" + tmp.resolve("cloud"),
                "--provider-opt",
                "transition-ms=20",
                "--state-dir",
                state(),
                "--owner",
                owner,
                "--wait",
                "infrastructure",
                "--yes"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void budgetsAreSetListedAndRemovedWithClearErrors() throws Exception {
    Path teams = tmp.resolve("teams");
    Files.writeString(teams, "class: student-*\ntrainers: alice\n");
    assertEquals(0, run("budget", "teams", teams.toString(), "--state-dir", state()));
    assertEquals(
        0,
        run(
            "budget",
            "set",
            "--team",
            "class",
            "--max-labs",
            "10",
            "--max-cost",
            "200/week",
            "--state-dir",
            state()),
        last.err.toString());
    assertTrue(
        last.out.toString().contains("budget of team class: at most 10 labs and $200.00 a week"),
        last.out.toString());
    assertEquals(0, run("budget", "list", "--state-dir", state()));
    assertTrue(last.out.toString().contains("team class: at most 10 labs"), last.out.toString());
    assertTrue(last.out.toString().contains("team class: [student-*]"), last.out.toString());
    assertEquals(0, run("--json", "budget", "list", "--state-dir", state()));
    assertTrue(last.out.toString().contains("\"maxLabs\" : 10"), last.out.toString());

    assertEquals(
        ExitCode.INVALID_INPUT,
        run("budget", "set", "--team", "class", "--max-cost", "lots", "--state-dir", state()));
    assertTrue(last.err.toString().contains("write AMOUNT/PERIOD"), last.err.toString());
    assertEquals(
        ExitCode.INVALID_INPUT,
        run("budget", "set", "--owner", "x", "--team", "y", "--max-labs", "1"));
    assertEquals(
        ExitCode.INVALID_INPUT,
        run("budget", "remove", "--owner", "nobody", "--state-dir", state()));
    assertTrue(last.err.toString().contains("owner nobody has no budget"), last.err.toString());
    assertEquals(0, run("budget", "remove", "--team", "class", "--state-dir", state()));
    assertEquals(0, run("budget", "list", "--state-dir", state()));
    assertTrue(!last.out.toString().contains("at most"), last.out.toString());
  }

  @Test
  void upRefusesALabOrAFleetOverBudgetBeforeCreatingAnything() throws Exception {
    Path teams = tmp.resolve("teams");
    Files.writeString(teams, "class: student-*\n");
    assertEquals(0, run("budget", "teams", teams.toString(), "--state-dir", state()));
    assertEquals(
        0, run("budget", "set", "--team", "class", "--max-labs", "2", "--state-dir", state()));

    assertEquals(0, up("student-1"), last.err.toString());
    assertTrue(
        last.out.toString().contains("budget: team class (at most 2 labs): 0 of 2 labs live"),
        last.out.toString());

    assertEquals(ExitCode.STATE, up("student-{n}", "--count", "2"));
    String err = last.err.toString();
    assertTrue(err.contains("a fleet of 2 labs of owner student-1 would exceed a budget"), err);
    assertTrue(err.contains("1 of 2 labs live; 2 new labs plan"), err);
    assertTrue(err.contains("nestlab budget set --team class --max-labs 2"), err);
    assertTrue(!last.out.toString().contains("fleet: creating"), last.out.toString());
    assertEquals(1, FileLabStore.at(Path.of(state())).labIds().size());
    try (FakeLabProvider cloud =
        FakeLabProvider.builder().directory(tmp.resolve("cloud")).build()) {
      String only = FileLabStore.at(Path.of(state())).labIds().get(0);
      assertEquals(
          cloud.listOwned(TagFilter.anyLab()).size(),
          cloud.listOwned(TagFilter.lab(only)).size(),
          "a refused lab left resources in the cloud");
    }

    assertEquals(0, up("student-2"), last.err.toString()); // the last slot
    assertEquals(ExitCode.STATE, up("student-3"));
    assertTrue(
        last.err.toString().contains("this lab of owner student-3 would exceed"),
        last.err.toString());

    assertEquals(
        0,
        run(
            "estimate",
            FleetCommandsTest.FILE,
            "--provider",
            "fake",
            "--region",
            "fake-central-1",
            "--owner",
            "student-3",
            "--state-dir",
            state()),
        last.err.toString() + last.out);
    String out = last.out.toString();
    assertTrue(out.contains("Budgets of owner student-3"), out);
    assertTrue(out.contains("2 of 2 labs live; 1 new lab plans"), out);
    assertTrue(out.contains("does NOT fit; left before this lab: 0 labs"), out);
  }
}
