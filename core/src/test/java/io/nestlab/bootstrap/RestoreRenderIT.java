package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.bootstrap.internal.CloudConfig;
import io.nestlab.spec.LabSpec;
import io.nestlab.testing.Peer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The restore path's rendered artifacts (RenderOptions.withRestore), validated as
 * RenderedArtifactsIT validates the install path's: the three forms of the user data pass {@code
 * cloud-init schema}, every shell program (the scripts, {@code nestlab-lab-power}, in full and
 * compact form) passes {@code shellcheck}, and the Python scripts compile.
 */
class RestoreRenderIT {
  static Stream<LabSpec> labs() {
    return RenderedArtifactsIT.labs();
  }

  static Path render(LabSpec spec) throws Exception {
    return RenderedArtifactsIT.render(spec, RenderOptions.of("aws").withRestore(true), "restore");
  }

  @ParameterizedTest
  @MethodSource("labs")
  void userDataPassesCloudInitSchema(LabSpec spec) throws Exception {
    Tools.require(Peer.CLOUD_INIT);
    Path dir = render(spec);
    for (String name : List.of("user-data.yaml", "user-data-aws.yaml", "user-data-packed.yaml")) {
      Tools.Run r =
          Tools.run("cloud-init", "schema", "--config-file", dir.resolve(name).toString());
      assertEquals(0, r.exit(), name + ": " + r.output());
    }
    assertTrue(Files.isRegularFile(dir.resolve("opt/nestlab/etc/restore.env")));
    assertTrue(Files.isRegularFile(dir.resolve("opt/nestlab/bin/nestlab-restore.sh")));
    assertTrue(Files.isExecutable(dir.resolve(BootstrapRenderer.LAB_POWER)));
  }

  @ParameterizedTest
  @MethodSource("labs")
  void shellProgramsPassShellcheckInFullAndCompactFormAndPythonCompiles(LabSpec spec)
      throws Exception {
    Tools.require(Peer.SHELLCHECK, Peer.PYTHON3);
    Path dir = render(spec);
    List<Path> programs = new ArrayList<>(Tools.files(dir.resolve("opt/nestlab/bin"), ".sh"));
    programs.add(dir.resolve(BootstrapRenderer.LAB_POWER));
    List<String> cmd = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style"));
    programs.forEach(p -> cmd.add(p.toString()));
    cmd.add(dir.resolve("opt/nestlab/etc/lab.env").toString());
    Tools.Run r = Tools.run(cmd, Map.of(), dir, 120);
    assertEquals(0, r.exit(), r.output());

    Path compact = dir.resolve("compact");
    Files.createDirectories(compact);
    List<String> compactCmd = new ArrayList<>(List.of("shellcheck", "--shell=bash"));
    for (Path p : programs) {
      Path f = compact.resolve(p.getFileName());
      Files.writeString(f, CloudConfig.compact(Files.readString(p)));
      compactCmd.add(f.toString());
    }
    Tools.Run c = Tools.run(compactCmd, Map.of(), compact, 120);
    assertEquals(0, c.exit(), c.output());
    assertFalse(c.output().contains("SC"), c.output());

    for (Path py : Tools.files(dir.resolve("opt/nestlab/bin"), ".py")) {
      Tools.Run p =
          Tools.run(
              "python3",
              "-c",
              "import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])",
              py.toString());
      assertEquals(0, p.exit(), py + ": " + p.output());
    }
  }
}
