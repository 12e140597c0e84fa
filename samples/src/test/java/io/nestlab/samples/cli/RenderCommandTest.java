package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RenderCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private static final Path LABS =
      Path.of(System.getProperty("nestlab.repo.dir", "..")).resolve("samples/labs");

  private int run(String... args) {
    CommandLine cl = NestLabCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void writesTheArticleLabsBootstrap(@TempDir Path dir) throws Exception {
    int code = run("render", LABS.resolve("article-lab.yaml").toString(), "--out", dir.toString());
    assertEquals(ExitCode.OK, code, err.toString());
    assertTrue(Files.readString(dir.resolve("user-data.yaml")).startsWith("#cloud-config\n"));
    for (String f :
        new String[] {
          "opt/nestlab/libvirt/esx-01.xml",
          "opt/nestlab/libvirt/esx-03.xml",
          "opt/nestlab/libvirt/network.xml",
          "opt/nestlab/vcenter/vcsa-deploy.json",
          "opt/nestlab/esxi/esx-02/KS.CFG",
          "opt/nestlab/bin/nestlab-bootstrap.sh",
          "user-data.aws.gz",
          "user-data.gcp.yaml"
        }) {
      assertTrue(Files.exists(dir.resolve(f)), f);
    }
    assertTrue(Files.isExecutable(dir.resolve("opt/nestlab/bin/nestlab-bootstrap.sh")));
    assertTrue(Files.size(dir.resolve("user-data.aws.gz")) <= 16 * 1024);
    assertTrue(out.toString().contains("aws user data:"), out.toString());
    assertTrue(out.toString().contains("lab 'upgrade-rehearsal' (aws)"), out.toString());
  }

  @Test
  void anInvalidLabIsAnInputErrorWithoutStackTrace(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "apiVersion: nestlab/v1\nname: X\n");
    assertEquals(ExitCode.INVALID_INPUT, run("render", bad.toString(), "--out", dir.toString()));
    assertFalse(err.toString().contains("\tat "), err.toString());
    assertTrue(err.toString().contains("bad.yaml"), err.toString());
  }

  @Test
  void anUnknownProviderIsNamed(@TempDir Path dir) {
    int code =
        run(
            "render",
            LABS.resolve("single-host.yaml").toString(),
            "--out",
            dir.toString(),
            "--provider",
            "azure");
    assertEquals(ExitCode.INVALID_INPUT, code);
    assertTrue(err.toString().contains("aws, gcp and fake"), err.toString());
  }

  /**
   * A lab whose user data fits GCE's 256 KB but not AWS's 16 KB even with the vCenter files
   * deferred: 32 hosts and 40 guests whose image URLs do not compress (the QA run's big40.json).
   */
  private static Path tooBigForAws(Path dir) throws Exception {
    Random random = new Random(40);
    StringBuilder guests = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      StringBuilder path = new StringBuilder();
      for (int c = 0; c < 180; c++) {
        path.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
      }
      guests
          .append(i == 0 ? "" : ",")
          .append(
              String.format(
                  "{\"name\":\"guest-%03d\",\"host\":\"esx-%02d\",\"memoryGib\":1,"
                      + "\"diskGib\":1,\"image\":\"https://media-%d.example.org/%s.ova\"}",
                  i, i % 32 + 1, i, path));
    }
    return Files.writeString(
        dir.resolve("big40.json"),
        "{\"apiVersion\":\"nestlab/v1\",\"name\":\"big40\",\"esxi\":{\"version\":\"8.0U3\","
            + "\"count\":32,\"memoryGib\":24},\"vcenter\":{\"placement\":\"l1\","
            + "\"size\":\"xlarge\"},\"policy\":{\"memoryOvercommit\":3.0,"
            + "\"cpuOvercommit\":8.0},\"media\":{\"esxiIso\":{\"url\":"
            + "\"https://media.example.org/esxi.iso\"},\"vcsaIso\":{\"url\":"
            + "\"https://media.example.org/vcsa.iso\"}},\"guests\":["
            + guests
            + "]}");
  }

  private static long filesIn(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void gcpNeedsOnlyGcesLimitAndAwsTooLargeIsAWarning(@TempDir Path dir) throws Exception {
    Path lab = tooBigForAws(dir);

    Path gcp = dir.resolve("gcp");
    int code = run("render", lab.toString(), "--out", gcp.toString(), "--provider", "gcp");
    assertEquals(ExitCode.OK, code, err.toString());
    assertTrue(Files.exists(gcp.resolve("user-data.gcp.yaml")));
    assertTrue(Files.size(gcp.resolve("user-data.gcp.yaml")) <= 256 * 1024);
    assertFalse(Files.exists(gcp.resolve("user-data.aws.gz")));
    assertFalse((out + "" + err).contains("aws"), out + "" + err);

    // Without --provider (the lab names none): aws is a warning, gcp is written, exit 0.
    out.getBuffer().setLength(0);
    Path both = dir.resolve("both");
    code = run("render", lab.toString(), "--out", both.toString());
    assertEquals(ExitCode.OK, code, err.toString());
    assertTrue(
        err.toString()
            .matches(
                "(?s)nestlab: warning: aws user data not written: the lab does not fit AWS's 16 KB"
                    + " even with the vCenter files deferred: \\d+ bytes .*"),
        err.toString());
    assertTrue(Files.exists(both.resolve("user-data.gcp.yaml")));
    assertTrue(Files.exists(both.resolve("user-data.yaml")));
    assertFalse(Files.exists(both.resolve("user-data.aws.gz")));
    assertFalse(Files.exists(both.resolve("deferred-files.aws.txt")));
    assertTrue(out.toString().contains("gcp user data: "), out.toString());

    // Asked for aws alone: an error naming the sizes, and nothing written.
    err.getBuffer().setLength(0);
    Path aws = dir.resolve("aws");
    code = run("render", lab.toString(), "--out", aws.toString(), "--provider", "aws");
    assertEquals(ExitCode.INVALID_INPUT, code);
    assertTrue(err.toString().contains("more than the limit of 16384 bytes"), err.toString());
    assertTrue(err.toString().contains("nothing was written to " + aws), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
    assertEquals(0, filesIn(aws), "a failed render leaves no files");
  }

  @Test
  void aRenderThatNoLongerFitsAwsRemovesTheOldAwsUserData(@TempDir Path dir) throws Exception {
    Path to = dir.resolve("out");
    assertEquals(
        ExitCode.OK,
        run("render", LABS.resolve("article-lab.yaml").toString(), "--out", to.toString()));
    assertTrue(Files.exists(to.resolve("user-data.aws.gz")));
    assertEquals(ExitCode.OK, run("render", tooBigForAws(dir).toString(), "--out", to.toString()));
    assertFalse(Files.exists(to.resolve("user-data.aws.gz")), "stale aws user data left");
    assertFalse(Files.exists(to.resolve("deferred-files.aws.txt")), "stale aws list left");
  }

  @Test
  void aSymlinkInTheOutputDirectoryIsRefusedAndItsTargetLeftAlone(@TempDir Path dir)
      throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me\n");
    Files.createSymbolicLink(out.resolve("user-data.yaml"), victim);
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Files.createSymbolicLink(out.resolve("opt"), elsewhere);
    String lab = LABS.resolve("single-host.yaml").toString();
    assertEquals(ExitCode.INVALID_INPUT, run("render", lab, "--out", out.toString()));
    assertEquals("keep me\n", Files.readString(victim));
    try (Stream<Path> s = Files.list(elsewhere)) {
      assertEquals(0, s.count(), "wrote through a symbolic link");
    }
    String e = err.toString();
    assertTrue(e.contains(out.resolve("user-data.yaml") + " is a symbolic link"), e);
    assertTrue(e.contains(out.resolve("opt") + " is a symbolic link"), e);
    assertFalse(e.contains("internal error"), e);
  }

  @Test
  void aHardLinkIsReplacedNotWrittenThrough(@TempDir Path dir) throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me\n");
    Files.createLink(out.resolve("user-data.yaml"), victim);
    String lab = LABS.resolve("single-host.yaml").toString();
    assertEquals(ExitCode.OK, run("render", lab, "--out", out.toString()), err.toString());
    assertEquals("keep me\n", Files.readString(victim));
    assertTrue(Files.readString(out.resolve("user-data.yaml")).startsWith("#cloud-config"));
  }

  @Test
  void badTargetsAreUserErrorsNotBugs(@TempDir Path dir) throws Exception {
    String lab = LABS.resolve("single-host.yaml").toString();
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertEquals(ExitCode.INVALID_INPUT, run("render", lab, "--out", file.toString()));
    assertTrue(err.toString().contains(file + " is not a directory"), err.toString());
    assertEquals("x", Files.readString(file));
    for (String target : new String[] {"/proc", "/proc/nestlab-render"}) {
      assertEquals(ExitCode.INVALID_INPUT, run("render", lab, "--out", target), err.toString());
      assertFalse(err.toString().contains("internal error"), err.toString());
      assertTrue(err.toString().contains("cannot write"), err.toString());
    }
  }
}
