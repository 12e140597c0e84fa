package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The upgrade rehearsal from the command line, on the directory-backed fake cloud (issue 16). */
class RehearsalCommandsTest {
  static final List<String> FOUR = List.of("vCenter", "esx-01", "esx-02", "esx-03");

  @TempDir Path tmp;
  private StringWriter out;
  private StringWriter err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = NestLabCli.commandLine(args);
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
            "transition-ms=20",
            "--provider-opt",
            "boot-phase-ms=2",
            "--provider-opt",
            "rehearsal-minute-ms=1"));
    return all.toArray(String[]::new);
  }

  private String up(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "up",
                Path.of(
                        System.getProperty("nestlab.repo.dir"),
                        "samples",
                        "labs",
                        "article-lab.yaml")
                    .toString(),
                "--provider",
                "fake",
                "--yes"));
    args.addAll(List.of(extra));
    assertEquals(0, run(lab(args.toArray(String[]::new))), err.toString() + out);
    Matcher m =
        Pattern.compile("lab (upgrade-rehearsal-[a-z0-9]+) is ready").matcher(out.toString());
    assertTrue(m.find(), out.toString());
    return m.group(1);
  }

  @Test
  void rehearsesReportsAndRollsBackTheArticleLab() throws Exception {
    String id = up();

    assertEquals(0, run(lab("rehearse", id)), err.toString() + out);
    String progress = out.toString();
    for (String step :
        List.of(
            "checkpoint: done",
            "vcenter: done",
            "esx-01 (host esx-01): done",
            "esx-03 (host esx-03): done",
            "verify: done")) {
      assertTrue(progress.contains(step), step + " missing from progress:\n" + progress);
    }
    assertTrue(progress.contains("rehearsal of lab " + id + " succeeded"), progress);

    Path md = tmp.resolve("change-request.md");
    assertEquals(0, run(lab("report", id, "--markdown", md.toString())), err.toString());
    String report = Files.readString(md);
    for (String c : FOUR) {
      assertTrue(
          Pattern.compile("\\| " + c + " \\| 7\\.0U3[^|]*\\| 8\\.0U3").matcher(report).find(),
          c + " not 7.0U3 -> 8.0U3 in:\n" + report);
    }
    assertTrue(report.contains("| verify | done |"), report);
    assertEquals(out.toString().strip(), (report + "\nwritten to " + md).strip());

    assertEquals(0, run(lab("checkpoints", id)), err.toString());
    assertTrue(out.toString().contains("pre-upgrade"), out.toString());
    assertEquals(0, run(lab("rollback", id)), err.toString());
    assertTrue(out.toString().contains("back at checkpoint pre-upgrade"), out.toString());
    assertEquals(0, run(lab("rehearse", id, "--dry-run")), err.toString());
    assertEquals(0, run(lab("report", id)), err.toString());
    for (String c : FOUR) {
      assertTrue(
          Pattern.compile("\\| " + c + " \\| 7\\.0U3[^|]*\\| - \\|").matcher(out.toString()).find(),
          c + " not back at 7.0U3:\n" + out);
    }
  }

  @Test
  void anInjectedHostFailureIsReportedByNameAndTheLabRollsBack() {
    String id = up();

    int code = run(lab("rehearse", id, "--provider-opt", "rehearsal-fail=esx-02"));

    assertEquals(ExitCode.REHEARSAL_FAILED, code, err.toString() + out);
    assertTrue(
        out.toString().contains("FAILED at esx-02 (esx-02): esx-02 came back"), out.toString());
    assertEquals(ExitCode.REHEARSAL_FAILED, run(lab("report", id, "--json")));
    assertTrue(out.toString().contains("\"host\" : \"esx-02\""), out.toString());
    assertEquals(0, run(lab("rollback", id, "--to", "pre-upgrade")), err.toString());
  }

  @Test
  void stopAfterPausesAndResumeSaysItContinuesTheRehearsal() {
    String id = up();

    assertEquals(0, run(lab("checkpoint", id, "--name", "before-look")), err.toString());
    assertTrue(
        out.toString().contains("nestlab rollback " + id + " --to before-look"), out.toString());
    assertEquals(0, run(lab("rehearse", id, "--stop-after", "esx-01")), err.toString());
    assertTrue(out.toString().contains("paused"), out.toString());
    assertEquals(0, run(lab("checkpoints", id)), err.toString());
    assertTrue(out.toString().contains("before-look"), out.toString());
    assertTrue(out.toString().contains("pre-upgrade"), out.toString());
    assertEquals(0, run(lab("resume", id)), err.toString());
    assertTrue(out.toString().contains("continuing its upgrade rehearsal"), out.toString());
    assertTrue(out.toString().contains("succeeded"), out.toString());
  }

  @Test
  void aStepThatDoesNotExistIsRefusedWithTheSteps() {
    String id = up();

    assertEquals(ExitCode.INVALID_INPUT, run(lab("rehearse", id, "--stop-after", "esxi-01")));
    assertTrue(
        err.toString().contains("use one of precheck, checkpoint, vcenter, esx-01"),
        err.toString());
  }
}
