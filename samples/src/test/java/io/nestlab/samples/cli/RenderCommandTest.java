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
          "opt/nestlab/libvirt/vcsa.xml",
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
}
