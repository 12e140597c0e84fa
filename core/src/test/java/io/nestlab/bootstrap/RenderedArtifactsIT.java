package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.spec.LabSpec;
import io.nestlab.testing.Peer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validates the rendered artifacts of every sample lab with the real tools: {@code cloud-init
 * schema}, {@code virt-xml-validate}, {@code xmllint} and {@code shellcheck} (and Python's compiler
 * for the Python scripts).
 */
class RenderedArtifactsIT {
  static Stream<LabSpec> labs() {
    return Stream.concat(Labs.samples().stream(), Stream.of(Labs.articleOnHost(), Labs.legacy()));
  }

  static Path render(LabSpec spec, String provider) throws Exception {
    return render(spec, RenderOptions.of(provider), provider);
  }

  /**
   * Renders {@code spec} with {@code options} into a fresh {@code target/bootstrap-it/FOLDER/LAB},
   * with the user data also in the forms a provider sends ({@code user-data-aws.yaml}, {@code
   * user-data-packed.yaml}); shared with RestoreRenderIT.
   */
  static Path render(LabSpec spec, RenderOptions options, String folder) throws Exception {
    Path dir = Tools.target().resolve("bootstrap-it").resolve(folder).resolve(spec.name());
    RenderedBootstrap b = BootstrapRenderer.render(spec, options);
    if (Files.exists(dir)) {
      try (Stream<Path> old = Files.walk(dir)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    b.writeTo(dir);
    // The forms a provider actually sends, unpacked to text: AWS gzip, GCE text.
    Files.writeString(
        dir.resolve("user-data-aws.yaml"),
        BootstrapRendererTest.gunzipOrText(b.userDataFor("aws").bytes()),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("user-data-packed.yaml"), b.userData(100_000), StandardCharsets.UTF_8);
    return dir;
  }

  @ParameterizedTest
  @MethodSource("labs")
  void userDataPassesCloudInitSchema(LabSpec spec) throws Exception {
    Tools.require(Peer.CLOUD_INIT);
    Path dir = render(spec, "aws");
    for (String name : List.of("user-data.yaml", "user-data-aws.yaml", "user-data-packed.yaml")) {
      Tools.Run r =
          Tools.run("cloud-init", "schema", "--config-file", dir.resolve(name).toString());
      assertEquals(0, r.exit(), name + ": " + r.output());
      assertTrue(
          r.output().contains("Valid cloud-config") || r.output().contains("Valid schema"),
          r.output());
    }
  }

  @ParameterizedTest
  @MethodSource("labs")
  void libvirtXmlPassesVirtXmlValidateAndXmllint(LabSpec spec) throws Exception {
    Tools.require(Peer.VIRT_XML_VALIDATE, Peer.XMLLINT);
    Path dir = render(spec, "gcp");
    List<Path> xml = Tools.files(dir.resolve("opt/nestlab/libvirt"), ".xml");
    boolean vcenterOnL1 = spec.vcenter() != null && "l1".equals(spec.vcenter().placement());
    assertEquals(spec.hosts().size() + 1 + (vcenterOnL1 ? 1 : 0), xml.size());
    List<Path> more = new ArrayList<>(Tools.files(dir.resolve("opt/nestlab/vcenter"), ".xml"));
    for (Path f : more) {
      Tools.Run x = Tools.run("xmllint", "--noout", f.toString());
      assertEquals(0, x.exit(), f + ": " + x.output());
    }
    for (Path f : xml) {
      String schema = f.getFileName().toString().equals("network.xml") ? "network" : "domain";
      Tools.Run v = Tools.run("virt-xml-validate", f.toString(), schema);
      assertEquals(0, v.exit(), f + ": " + v.output());
      Tools.Run x = Tools.run("xmllint", "--noout", f.toString());
      assertEquals(0, x.exit(), f + ": " + x.output());
    }
  }

  @ParameterizedTest
  @MethodSource("labs")
  void scriptsPassShellcheckAndCompile(LabSpec spec) throws Exception {
    Tools.require(Peer.SHELLCHECK, Peer.PYTHON3);
    Path dir = render(spec, "aws");
    List<String> cmd = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style"));
    List<Path> scripts = Tools.files(dir.resolve("opt/nestlab/bin"), ".sh");
    assertTrue(scripts.size() >= 6, scripts.toString());
    scripts.forEach(p -> cmd.add(p.toString()));
    cmd.add(dir.resolve("opt/nestlab/etc/lab.env").toString());
    Tools.Run r = Tools.run(cmd, java.util.Map.of(), dir, 120);
    assertEquals(0, r.exit(), r.output());
    for (Path py : Tools.files(dir.resolve("opt/nestlab/bin"), ".py")) {
      Tools.Run c =
          Tools.run(
              "python3",
              "-c",
              "import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])",
              py.toString());
      assertEquals(0, c.exit(), py + ": " + c.output());
    }
  }

  @ParameterizedTest
  @MethodSource("labs")
  void compactFormsOfTheScriptsStillPassShellcheck(LabSpec spec) throws Exception {
    Tools.require(Peer.SHELLCHECK);
    RenderedBootstrap b = BootstrapRenderer.render(spec, RenderOptions.of("aws"));
    Path dir = Tools.target().resolve("bootstrap-it").resolve("compact").resolve(spec.name());
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(List.of("shellcheck", "--shell=bash"));
    for (var e : b.files().entrySet()) {
      if (e.getKey().endsWith(".sh")) {
        Path f = dir.resolve(Path.of(e.getKey()).getFileName());
        Files.writeString(f, io.nestlab.bootstrap.internal.CloudConfig.compact(e.getValue()));
        cmd.add(f.toString());
      }
    }
    Tools.Run r = Tools.run(cmd, java.util.Map.of(), dir, 120);
    assertEquals(0, r.exit(), r.output());
    assertFalse(r.output().contains("SC"), r.output());
  }

  /**
   * Every package the user data installs exists in the L1 image's release: asked of this machine's
   * apt, which is that release (skipped where apt or its package lists are absent).
   */
  @org.junit.jupiter.api.Test
  void everyPackageTheHostInstallsIsInTheImagesRelease() throws Exception {
    Tools.requireHostPython(false); // the test machine is the image's release
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/apt-cache")), "SKIPPED: no apt-cache here");
    Tools.Run python = Tools.run("apt-cache", "policy", "python3");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        python.output().contains("Candidate:") && !python.output().contains("Candidate: (none)"),
        "SKIPPED: apt has no package lists here (apt-get update)");
    List<String> missing = new ArrayList<>();
    for (String pkg : io.nestlab.bootstrap.internal.CloudConfig.PACKAGES) {
      Tools.Run r = Tools.run("apt-cache", "policy", pkg);
      if (!r.output().contains("Candidate:") || r.output().contains("Candidate: (none)")) {
        missing.add(pkg);
      }
    }
    assertEquals(List.of(), missing, "not in " + L1Image.DISTRIBUTION);
  }
}
