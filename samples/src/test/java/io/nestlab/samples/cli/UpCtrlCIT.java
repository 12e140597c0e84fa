package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Ctrl-C (SIGINT) to a real {@code nestlab up} process without a terminal: it keeps the lab,
 * prints the exact commands, exits 130, and the printed resume command finishes the lab.
 */
class UpCtrlCIT {
  private static final Path REPO = Path.of(System.getProperty("nestlab.repo.dir", ".."));

  @TempDir Path tmp;

  @Test
  void sigintWithoutATerminalKeepsTheLabAndPrintsResumeAndDown() throws Exception {
    Path jar = REPO.resolve("samples/target/nestlab-cli.jar");
    List<String> java =
        Files.exists(jar)
            ? List.of(javaBin(), "-jar", jar.toString())
            : List.of(
                javaBin(),
                "-cp",
                System.getProperty("java.class.path"),
                NestLabCli.class.getName());
    String state = tmp.resolve("state").toString();
    // A build started in the background (a `&` list, some CI runners) hands its children SIGINT
    // ignored, and the JVM then never installs its handler: restore the default first, as a
    // terminal's Ctrl-C would find it (coreutils' env, Debian 12 and later).
    List<String> cmd = new java.util.ArrayList<>(List.of("env", "--default-signal=INT"));
    cmd.addAll(java);
    cmd.addAll(
        List.of(
            "up",
            REPO.resolve("samples/labs/single-host.yaml").toString(),
            "--provider",
            "fake",
            "--yes",
            "--state-dir",
            state,
            "--provider-opt",
            "dir=" + tmp.resolve("cloud"),
            "--provider-opt",
            "transition-ms=200",
            "--provider-opt",
            "boot-phase-ms=3000"));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    StringBuilder seen = new StringBuilder();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean sent = false;
      while ((line = r.readLine()) != null) {
        seen.append(line).append('\n');
        if (!sent && line.contains("bootstrap: packages start")) {
          // In the bootstrap, which would take 24 s more: Ctrl-C.
          Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start();
          assertEquals(0, kill.waitFor(), "kill -INT");
          sent = true;
        }
      }
      assertTrue(sent, "the bootstrap never started: " + seen);
    } finally {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    String text = seen.toString();
    assertEquals(ExitCode.INTERRUPTED, p.exitValue(), text);
    Matcher m = Pattern.compile("continue: nestlab resume (single-host-[a-z0-9]+)").matcher(text);
    assertTrue(m.find(), text);
    String id = m.group(1);
    assertTrue(text.contains("no terminal to ask, so lab " + id + " is kept"), text);
    assertTrue(text.contains("continue: nestlab resume " + id + " --state-dir " + state), text);
    assertTrue(text.contains("delete:   nestlab down " + id + " --yes --state-dir " + state), text);

    // The printed command, as printed, continues the lab to ready.
    String resume = text.substring(m.start() + "continue: ".length()).split("\n")[0];
    List<String> args = List.of(resume.split(" "));
    CliRun resumed = CliRun.of(args.subList(1, args.size()).toArray(String[]::new));
    assertEquals(ExitCode.OK, resumed.code, resumed.err.toString());
    assertTrue(resumed.out.toString().contains("lab " + id + " is ready"), resumed.out.toString());
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
