package io.nestlab.gcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.bootstrap.ProgressLine;
import io.nestlab.bootstrap.ProgressTracker;
import io.nestlab.testing.Peer;
import io.nestlab.testing.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Compute Engine startup script ({@link GcpSettings#startupScript()}) run by bash with stubs of
 * apt-get and cloud-init, and checked by shellcheck. It lived in core until design 0198 moved it
 * here, beside the only code that sends it.
 */
class GceStartupScriptIT {
  @TempDir Path dir;

  private record Run(int exit, String output) {}

  private Run run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "run", ".out");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(command + " did not finish in 60 s");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  /** Stubs of the commands the script calls: each logs its arguments to calls.log. */
  private Path stubs(Map<String, String> bodies) throws Exception {
    Path bin = dir.resolve("stub-bin");
    Files.createDirectories(bin);
    for (var e : bodies.entrySet()) {
      Path f = bin.resolve(e.getKey());
      Files.writeString(
          f,
          "#!/bin/bash\necho \""
              + e.getKey()
              + " $*\" >>\""
              + dir.resolve("calls.log")
              + "\"\n"
              + e.getValue()
              + "\n");
      assertTrue(f.toFile().setExecutable(true), f.toString());
    }
    return bin;
  }

  private String calls() throws Exception {
    Path log = dir.resolve("calls.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private Run gceStartup(Path bin) throws Exception {
    Path script = dir.resolve("startup-script");
    Files.writeString(script, GcpSettings.startupScript());
    // Only the stubs and the few tools the script needs: this machine's own cloud-init stays out.
    for (String tool : List.of("bash", "timeout", "mkdir", "date", "chmod", "touch")) {
      Path link = bin.resolve(tool);
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of("/usr/bin", tool).toRealPath());
      }
    }
    Map<String, String> env = new HashMap<>();
    env.put("PATH", bin.toString());
    env.put("NESTLAB_CONSOLE", dir.resolve("console.log").toString());
    env.put("NESTLAB_CLOUD_DIR", dir.resolve("var-lib-cloud").toString());
    env.put("NESTLAB_CLOUD_CFG_DIR", dir.resolve("cloud.cfg.d").toString());
    return run(List.of("/usr/bin/bash", script.toString()), env);
  }

  @Test
  void theStartupScriptInstallsCloudInitOnceAndRunsItsStages() throws Exception {
    Path bin = dir.resolve("stub-bin");
    Path cloudInit = bin.resolve("cloud-init");
    Path finished = dir.resolve("var-lib-cloud/instance/boot-finished");
    stubs(
        Map.of(
            "apt-get",
            "if [ \"$3\" = install ]; then printf '%s\\n' '#!/bin/bash'"
                + " 'echo \"cloud-init $*\" >>\""
                + dir.resolve("calls.log")
                + "\"' '[ \"$2\" = --mode=final ] && mkdir -p \""
                + finished.getParent()
                + "\" && touch \""
                + finished
                + "\"; exit 0' >'"
                + cloudInit
                + "'; chmod +x '"
                + cloudInit
                + "'; fi"));
    Run first = gceStartup(bin);
    assertEquals(0, first.exit(), first.output());
    assertEquals(
        List.of(
            "apt-get -o DPkg::Lock::Timeout=600 update -q",
            "apt-get -o DPkg::Lock::Timeout=600 install -y -q cloud-init",
            "cloud-init init",
            "cloud-init modules --mode=config",
            "cloud-init modules --mode=final"),
        calls().lines().toList());
    String cfg = Files.readString(dir.resolve("cloud.cfg.d/90-nestlab.cfg"));
    assertTrue(cfg.contains("datasource_list: [ GCE ]"), cfg);
    // Later boots: cloud-init runs by itself; the startup script does nothing.
    Run again = gceStartup(bin);
    assertEquals(0, again.exit(), again.output());
    assertEquals(5, calls().lines().count(), calls());
  }

  @Test
  void aFailedCloudInitInstallIsReportedOnTheConsole() throws Exception {
    Path bin = stubs(Map.of("apt-get", "[ \"$3\" = update ] || exit 100"));
    Run r = gceStartup(bin);
    assertEquals(1, r.exit(), r.output());
    ProgressTracker t = ProgressTracker.create();
    t.accept(Files.readString(dir.resolve("console.log")));
    ProgressLine failed = t.failure().orElseThrow();
    assertEquals("cloud-init", failed.phase());
    assertEquals("cloud-init-install", failed.reason());
  }

  @Test
  void theStartupScriptPassesShellcheck() throws Exception {
    Peers.require(Peer.SHELLCHECK);
    Path f = dir.resolve("nestlab-gce-startup.sh");
    Files.writeString(f, GcpSettings.startupScript());
    Run r = run(List.of("shellcheck", "--shell=bash", "--severity=style", f.toString()), Map.of());
    assertEquals(0, r.exit(), r.output());
  }
}
