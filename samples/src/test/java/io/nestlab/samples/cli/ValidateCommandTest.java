package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path dir;

  private int run(String... args) {
    CommandLine cl = NestLabCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static String sample(String name) {
    return Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", name).toString();
  }

  private void assertNoStackTrace() {
    assertFalse(out.toString().contains("\tat "), out.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
    assertFalse(err.toString().contains("Exception"), err.toString());
  }

  @Test
  void theSampleLabsAreOk() {
    String[] files = {
      sample("article-lab.yaml"), sample("single-host.yaml"), sample("vsan-4-node.yaml")
    };
    assertEquals(ExitCode.OK, run("validate", files[0], files[1], files[2]));
    for (String f : files) {
      assertTrue(out.toString().contains(f + ": ok"), out.toString());
    }
  }

  @Test
  void everyProblemIsPrintedWithFileLineColumnAndPath() throws Exception {
    Path lab = dir.resolve("bad.yaml");
    Files.writeString(
        lab,
        "apiVersion: nestlab/v1\nname: bad-lab\nesxi:\n  version: \"8.0U3\"\n"
            + "  memoryGib: 6\n  bootDisk: 32\npolicy: { ttl: 40d }\n");
    assertEquals(ExitCode.INVALID_INPUT, run("validate", lab.toString()));
    String o = out.toString();
    assertTrue(o.contains(lab + ": 3 problems"), o);
    assertTrue(o.contains(lab + ":5:14: esxi.memoryGib: 6 GiB is below the 8 GiB"), o);
    assertTrue(
        o.contains(
            lab
                + ":6:3: esxi.bootDisk: unknown key 'bootDisk' in esxi; did you"
                + " mean 'bootDiskGib'?"),
        o);
    assertTrue(o.contains(lab + ":7:16: policy.ttl: 40d is longer than the 30 days"), o);
    assertNoStackTrace();
  }

  @Test
  void aMissingFileAndBrokenYamlAreProblemsNotCrashes() throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "apiVersion: nestlab/v1\nesxi: [ { version: 8.0\n");
    Path missing = dir.resolve("missing.yaml");
    int code = run("validate", sample("single-host.yaml"), missing.toString(), broken.toString());
    assertEquals(ExitCode.INVALID_INPUT, code);
    String o = out.toString();
    assertTrue(o.contains(sample("single-host.yaml") + ": ok"), o);
    assertTrue(o.contains(missing + ": no such file"), o);
    assertTrue(o.contains(broken + ":3:1: not valid YAML"), o);
    assertNoStackTrace();
  }

  @Test
  void printShowsTheLabWithEveryDefault() throws Exception {
    Path lab = dir.resolve("small.json");
    Files.writeString(
        lab, "{\"apiVersion\":\"nestlab/v1\",\"name\":\"small\",\"esxi\":{\"version\":\"8.0U3\"}}");
    assertEquals(ExitCode.OK, run("validate", "--print", "yaml", lab.toString()));
    String o = out.toString();
    assertTrue(o.contains("namePrefix: esx"), o);
    assertTrue(o.contains("ttl: 8h"), o);
    assertTrue(o.contains("market: on-demand"), o);
  }

  /** 'validate --print yaml F > out': out holds only the lab, so it validates again. */
  @Test
  void printedOutputIsOnlyTheLabAndValidatesAgain() throws Exception {
    for (String format : new String[] {"yaml", "json"}) {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
      assertEquals(
          ExitCode.OK, run("validate", "--print", format, sample("article-lab.yaml")), format);
      assertTrue(err.toString().contains("article-lab.yaml: ok"), format + ": " + err);
      Path printed = Files.writeString(dir.resolve("printed." + format), out.toString());
      out.getBuffer().setLength(0);
      assertEquals(ExitCode.OK, run("validate", printed.toString()), format + ": " + out);
      assertEquals(printed + ": ok" + System.lineSeparator(), out.toString(), format);
    }
    // With --print, problems go to stderr too: stdout keeps only valid labs.
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: nestlab/v1\nname: X\n");
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertEquals(ExitCode.INVALID_INPUT, run("validate", "--print", "yaml", bad.toString()));
    assertEquals("", out.toString());
    assertTrue(err.toString().contains("bad.yaml: "), err.toString());
  }

  @Test
  void noFileIsAUsageError() {
    assertEquals(ExitCode.INVALID_INPUT, run("validate"));
    assertTrue(err.toString().contains("FILE"), err.toString());
  }

  /** A lab on ESXi {@code esxi} that names its instance types (design 0195). */
  private Path onTypes(String esxi, String types) throws Exception {
    Path lab = dir.resolve("cpu.yaml");
    Files.writeString(
        lab,
        "apiVersion: nestlab/v1\nname: cpu\nesxi: { version: \""
            + esxi
            + "\" }\nmedia:\n  esxiIso: { url: \"s3://b/esxi.iso\" }\n"
            + "placement:\n  instanceTypes: ["
            + types
            + "]\n");
    return lab;
  }

  /** {@code validate LAB}: exit 1 with one problem; what it printed. */
  private String oneProblem(Path lab) {
    assertEquals(ExitCode.INVALID_INPUT, run("validate", lab.toString()));
    String o = out.toString();
    assertTrue(o.contains(lab + ": 1 problem"), o);
    return o;
  }

  @Test
  void aNamedTypeWhoseCpuTheLabsEsxiRefusesIsAProblemNamingTheFix() throws Exception {
    Path lab = onTypes("9.0", "i3.metal");
    String o = oneProblem(lab);
    assertTrue(
        o.contains(
            lab
                + ":7:19: placement.instanceTypes[0]: i3.metal cannot run ESXi 9.0: Intel Broadwell"),
        o);
    assertTrue(o.contains("for example c6i.metal"), o);
    assertNoStackTrace();
    // on ESXi 8 its CPU is fine, but the catalog sells no i3.metal (design 0201); c6i.metal is
    // fine, and a deprecated CPU is a warning
    out.getBuffer().setLength(0);
    assertEquals(ExitCode.INVALID_INPUT, run("validate", onTypes("8.0U3", "i3.metal").toString()));
    assertTrue(
        out.toString().contains("i3.metal is not an instance type of aws or gcp"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(ExitCode.OK, run("validate", onTypes("8.0U3", "c6i.metal").toString()));
    assertTrue(out.toString().contains(": ok"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(ExitCode.OK, run("validate", onTypes("9.0", "m5.metal").toString()));
    assertTrue(
        out.toString()
            .contains(":7:19: placement.instanceTypes[0]: warning: m5.metal: Intel Skylake-SP"),
        out.toString());
  }

  @Test
  void aNamedTypeNoProviderOfTheLabSellsIsAProblemNamingHowToListThem() throws Exception {
    Path lab = onTypes("8.0U3", "nope.metal");
    String o = oneProblem(lab);
    assertTrue(
        o.contains(
            lab
                + ":7:19: placement.instanceTypes[0]: nope.metal is not an instance type of aws or"
                + " gcp"
                + " in the catalog; list the types with 'nestlab catalog --types --provider aws'"
                + " (or --provider gcp)"),
        o);
    assertNoStackTrace();
    // a typo gets the near name; a fake lab is checked against the fake's own types
    out.getBuffer().setLength(0);
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(
        typo,
        Files.readString(onTypes("8.0U3", "c6i.metl"))
            .replace("placement:\n", "placement:\n  providers: [aws]\n"));
    assertEquals(ExitCode.INVALID_INPUT, run("validate", typo.toString()));
    assertTrue(
        out.toString()
            .contains(
                "c6i.metl is not an instance type of aws in the catalog (did you"
                    + " mean c6i.metal?)"),
        out.toString());
    out.getBuffer().setLength(0);
    Path fake = dir.resolve("fake.yaml");
    Files.writeString(
        fake,
        Files.readString(onTypes("8.0U3", "fake.nested.16x128"))
            .replace("placement:\n", "placement:\n  providers: [fake]\n"));
    assertEquals(ExitCode.OK, run("validate", fake.toString()), out.toString());
  }

  @Test
  void aLabWithoutMediaIsOkWithAWarningSayingWhatUpNeeds() throws Exception {
    Path lab = dir.resolve("no-media.yaml");
    Files.writeString(
        lab,
        "apiVersion: nestlab/v1\nname: no-media\nesxi: { version: \"8.0U3\" }\n"
            + "vcenter: { placement: l1 }\n");
    assertEquals(ExitCode.OK, run("validate", lab.toString()));
    String o = out.toString();
    assertTrue(o.contains(lab + ": ok, 2 warnings"), o);
    assertTrue(o.contains(lab + ": media.esxiIso: warning: not given; 'nestlab up'"), o);
    assertTrue(o.contains(lab + ": media.vcsaIso: warning: not given"), o);
  }

  @Test
  void aCommandSubstitutionInAMediaUrlIsAnErrorSayingSo() throws Exception {
    Path lab = dir.resolve("subst.yaml");
    Files.writeString(
        lab,
        "apiVersion: nestlab/v1\nname: subst-lab\nesxi: { version: \"8.0U3\" }\n"
            + "media: { esxiIso: { url: \"https://example.org/$(reboot).iso\" } }\n");
    assertEquals(ExitCode.INVALID_INPUT, run("validate", lab.toString()));
    assertTrue(
        out.toString()
            .contains(
                ":4:26: media.esxiIso.url: 'https://example.org/$(reboot).iso'"
                    + " contains a shell command substitution ($(...))"),
        out.toString());
  }
}
