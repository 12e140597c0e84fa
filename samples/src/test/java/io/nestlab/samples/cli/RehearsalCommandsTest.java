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

  private static Path article() {
    return Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", "article-lab.yaml");
  }

  private String up(String... extra) {
    return upFile(article(), extra);
  }

  private String upFile(Path file, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("up", file.toString(), "--provider", "fake", "--yes"));
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
    // "after" is what the run saw when it failed: vCenter upgraded, esx-02 still on 7.0U3
    assertEquals(ExitCode.REHEARSAL_FAILED, run(lab("report", id)));
    String md = out.toString();
    assertTrue(
        md.contains("| vCenter | 7.0U3 (build 18700403) | 8.0U3 (build 24022515) at failure |"),
        md);
    assertTrue(
        Pattern.compile("\\| esx-01 \\| 7\\.0U3[^|]*\\| 8\\.0U3[^|]* at failure \\|")
            .matcher(md)
            .find(),
        md);
    assertTrue(
        Pattern.compile("\\| esx-02 \\| 7\\.0U3[^|]*\\| 7\\.0U3[^|]* at failure \\|")
            .matcher(md)
            .find(),
        md);
    // step times to the second, durations as 1h15m00s (the JSON keeps nanoseconds)
    assertTrue(
        Pattern.compile("\\| vcenter \\| done \\| [0-9T:-]+Z \\| [0-9T:-]+Z \\| \\d+s \\|")
            .matcher(md)
            .find(),
        md);
    assertTrue(!Pattern.compile("T\\d\\d:\\d\\d:\\d\\d\\.\\d").matcher(md).find(), md);
    assertEquals(0, run(lab("rollback", id, "--to", "pre-upgrade")), err.toString());
  }

  @Test
  void checkpointsAreDeletedExceptTheOneAPausedRehearsalNeeds() {
    String id = up();
    assertEquals(0, run(lab("checkpoint", id, "--name", "scratch")), err.toString());
    assertEquals(0, run(lab("rehearse", id, "--stop-after", "vcenter")), err.toString());

    assertEquals(
        ExitCode.INVALID_INPUT,
        run(lab("checkpoints", "delete", id, "--name", "pre-upgrade")),
        err.toString() + out);
    assertTrue(
        err.toString().contains("checkpoint pre-upgrade is the one lab " + id + "'s paused"),
        err.toString());
    assertEquals(0, run(lab("checkpoints", "delete", id, "--name", "scratch")), err.toString());
    assertTrue(
        out.toString().contains("checkpoint scratch of lab " + id + " is deleted"), out.toString());
    assertEquals(0, run(lab("checkpoints", id)), err.toString());
    assertTrue(!out.toString().contains("scratch"), out.toString());
    assertTrue(out.toString().contains("pre-upgrade"), out.toString());
    assertEquals(
        ExitCode.INVALID_INPUT, run(lab("checkpoints", "delete", id)), "--name is required");
  }

  @Test
  void aKilledRunRefusesRollbackUntilResumedAndForceGivesItUp() {
    String id = up();

    int code = run(lab("rehearse", id, "--provider-opt", "rehearsal-fail=kill:esx-01"));

    assertEquals(ExitCode.REHEARSAL_FAILED, code, err.toString() + out);
    assertTrue(out.toString().contains("INTERRUPTED at esx-01: interrupted"), out.toString());
    assertTrue(out.toString().contains("nestlab rollback " + id + " --force"), out.toString());
    assertEquals(ExitCode.INVALID_INPUT, run(lab("rollback", id)), out.toString());
    assertTrue(err.toString().contains("interrupted in step esx-01"), err.toString());
    assertTrue(err.toString().contains("'nestlab resume " + id + "'"), err.toString());
    assertEquals(ExitCode.INVALID_INPUT, run(lab("checkpoint", id, "--name", "now")));
    assertEquals(0, run(lab("rollback", id, "--force")), err.toString());
    assertTrue(out.toString().contains("back at checkpoint pre-upgrade"), out.toString());
    assertEquals(0, run(lab("rehearse", id)), err.toString() + out);
    assertTrue(out.toString().contains("succeeded"), out.toString());
  }

  @Test
  void resumeRedoesTheStepAKilledRunStoppedIn() {
    String id = up();
    assertEquals(
        ExitCode.REHEARSAL_FAILED,
        run(lab("rehearse", id, "--provider-opt", "rehearsal-fail=kill:vcenter")));

    assertEquals(0, run(lab("resume", id)), err.toString() + out);

    assertTrue(out.toString().contains("continuing its upgrade rehearsal"), out.toString());
    assertTrue(out.toString().contains("vcenter: done"), out.toString());
    assertTrue(out.toString().contains("succeeded"), out.toString());
  }

  @Test
  void anOfflineBundleUpgradesTheHostsWithEsxcli() throws Exception {
    Path depot = tmp.resolve("depot-lab.yaml");
    Files.writeString(
        depot,
        Files.readString(article())
            .replace(
                "  esxiIso: { url: \"s3://my-nestlab-media/VMware-VMvisor-Installer-8.0U3-24022510.x86_64.iso\" }",
                "  esxiDepot: { url: \"s3://my-nestlab-media/VMware-ESXi-8.0U3-24022510-depot.zip\" }"));
    assertEquals(0, run("validate", depot.toString()), err.toString());
    String id = upFile(depot);

    assertEquals(0, run(lab("rehearse", id)), err.toString() + out);

    assertEquals(0, run(lab("report", id)), err.toString());
    String md = out.toString();
    assertTrue(md.contains("## Log: esxcli-esx-02"), md);
    assertTrue(
        md.contains(
            "esxcli software profile update -d"
                + " /var/lib/nestlab/data/media/upgrade/esxi-8.0U3-depot.zip"),
        md);
    Path both = tmp.resolve("both-lab.yaml");
    Files.writeString(
        both,
        Files.readString(depot)
            .replace(
                "  esxiDepot:",
                "  esxiIso: { url: \"s3://b/VMware-VMvisor-Installer-8.0U3-24022510.x86_64.iso\" }\n  esxiDepot:"));
    assertEquals(ExitCode.INVALID_INPUT, run("validate", both.toString()));
    assertTrue((out.toString() + err).contains("upgrade.esxiDepot: give"), out.toString() + err);
  }

  @Test
  void aVcenterOnTheL1HostWithAVcenterUpgradeIsRefusedNamingTheFixes() throws Exception {
    Path onL1 = tmp.resolve("l1-lab.yaml");
    Files.writeString(
        onL1, Files.readString(article()).replace("placement: esx-01", "placement: l1"));

    assertEquals(ExitCode.INVALID_INPUT, run("validate", onL1.toString()));

    String e = out.toString() + err;
    assertTrue(e.contains("upgrade.vcenterVersion"), e);
    assertTrue(e.contains("place vCenter on a nested host"), e);
    assertTrue(e.contains("upgrade the ESXi hosts only"), e);
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
