package io.nestlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lines a user reads at the end of the build about programs from outside Maven. */
class PeerReportTest {
  @TempDir Path dir;

  @Test
  void eachModuleSaysWhatItUsedAndEachMissingPeerIsOneLineNamingItsPackage() throws Exception {
    Files.writeString(dir.resolve("nestlab-core.tests.ran"), "");
    Files.writeString(dir.resolve("nestlab-core.SHELLCHECK.used"), "io.nestlab.b.RenderedIT\n");
    Files.writeString(dir.resolve("nestlab-core.CLOUD_INIT.used"), "io.nestlab.b.RenderedIT\n");
    Files.writeString(dir.resolve("nestlab-gcp.tests.ran"), "");
    Files.writeString(
        dir.resolve("nestlab-core.OPENSSH_SERVER.missing"),
        "io.nestlab.a.SshIT\nio.nestlab.a.SshIT\n");
    Files.writeString(
        dir.resolve("nestlab-samples.OPENSSH_SERVER.missing"), "io.nestlab.c.CliIT\n");

    assertEquals(
        List.of(
            "[nestlab peers] nestlab-core used: cloud-init, shellcheck",
            "[nestlab peers] nestlab-gcp used: no peer",
            "[nestlab peers] MISSING sshd: install Debian's openssh-server; skipped tests in"
                + " nestlab-core:SshIT, nestlab-samples:CliIT"),
        PeerReport.report(dir));
  }

  @Test
  void aRequiredBuildWithAMissingPeerFailsAtTheReport() throws Exception {
    Files.writeString(dir.resolve("nestlab-aws.MOTO_SERVER.missing"), "io.nestlab.aws.AwsIT\n");
    List<String> lines = PeerReport.report(dir);
    assertThrows(IllegalStateException.class, () -> PeerReport.check(lines, true));
    PeerReport.check(lines, false); // optional: only reported
  }

  @Test
  void anUnknownModeIsRefusedByName() {
    String before = System.getProperty(Peers.MODE);
    System.setProperty(Peers.MODE, "sometimes");
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Peers::required);
      assertEquals(
          "-Dnestlab.peers=sometimes is not a mode: use optional (skip) or required (fail)",
          e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(Peers.MODE);
      } else {
        System.setProperty(Peers.MODE, before);
      }
    }
  }
}
