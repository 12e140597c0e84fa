package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samples/bin/nestlab} finds the CLI from wherever it is called: by its path, through a
 * symlink (say in ~/bin), and through a symlink to a symlink (design 0200 made it find its own
 * directory without a second subshell).
 */
class LauncherScriptIT {
  private static final Path SCRIPT =
      Path.of(System.getProperty("nestlab.repo.dir", ".."))
          .resolve("samples/bin/nestlab")
          .toAbsolutePath()
          .normalize();

  @Test
  void runsByItsPathAndThroughSymlinks(@TempDir Path dir) throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("nestlab"), SCRIPT);
    Files.createDirectories(dir.resolve("bin"));
    Path relative = Files.createSymbolicLink(dir.resolve("bin/nl"), Path.of("../nestlab"));
    for (Path p : List.of(SCRIPT, link, relative)) {
      Process proc =
          new ProcessBuilder(p.toString(), "--version")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      assertTrue(proc.waitFor(2, TimeUnit.MINUTES), p + " did not finish");
      String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, proc.exitValue(), p + ": " + out);
      assertTrue(out.startsWith("nestlab "), p + ": " + out);
    }
  }

  /**
   * The offline commands map the smaller archive, the others the whole one (docs/design/0208): the
   * JVM's own log of the archive it opened says which.
   */
  @Test
  void mapsTheOfflineArchiveForOfflineCommandsAndTheWholeOneForOthers(@TempDir Path dir)
      throws Exception {
    String lab = SCRIPT.resolve("../../labs/article-lab.yaml").normalize().toString();
    assertEquals("nestlab-offline.jsa", opened(dir, "estimate", lab));
    assertEquals("nestlab-offline.jsa", opened(dir, "--version"));
    assertEquals("nestlab-offline.jsa", opened(dir, "validate", lab));
    assertEquals("nestlab-cli.jsa", opened(dir, "list", "--state-dir", dir.toString()));
  }

  /**
   * An archive made by another JDK is not passed: the JVM keeps its own, and the command runs. (The
   * archive's {@code .jdk} file names the home of the java that made it.)
   */
  @Test
  void anArchiveOfAnotherJdkIsLeftAlone(@TempDir Path dir) throws Exception {
    Path target = SCRIPT.resolve("../../target").normalize();
    Path copy = dir.resolve("tree/samples");
    Files.createDirectories(copy.resolve("bin"));
    Files.createDirectories(copy.resolve("target"));
    Path script = Files.copy(SCRIPT, copy.resolve("bin/nestlab"));
    for (String name : List.of("nestlab-cli.jar", "lib", "nestlab-offline.jsa")) {
      Files.createSymbolicLink(copy.resolve("target").resolve(name), target.resolve(name));
    }
    Files.writeString(copy.resolve("target/nestlab-offline.jsa.jdk"), "/no/such/jdk\n");
    assertEquals("classes.jsa", opened(script, dir, "--version"));
    assertTrue(Files.readString(dir.resolve("out.txt")).startsWith("nestlab "));
  }

  private static String opened(Path dir, String... args) throws Exception {
    return opened(SCRIPT, dir, args);
  }

  /** The name of the class-data archive the JVM opened for {@code args}. */
  private static String opened(Path script, Path dir, String... args) throws Exception {
    Path log = dir.resolve("cds.log");
    Files.deleteIfExists(log);
    ProcessBuilder pb =
        new ProcessBuilder(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(script.toString()), List.of(args).stream())
                    .toList())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment()
        .put("NESTLAB_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xshare:on -Xlog:cds=info:file=" + log);
    Process proc = pb.start();
    assertTrue(proc.waitFor(2, TimeUnit.MINUTES), String.join(" ", args) + " did not finish");
    String out = Files.readString(dir.resolve("out.txt"));
    assertEquals(0, proc.exitValue(), String.join(" ", args) + ": " + out);
    String opened =
        Files.readAllLines(log).stream()
            .filter(l -> l.contains("Opened archive "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no archive opened for " + List.of(args)));
    // "Opened archive PATH." (the JVM ends the line with a full stop)
    String path = opened.substring(opened.indexOf("Opened archive ") + 15).strip();
    return Path.of(path.endsWith(".") ? path.substring(0, path.length() - 1) : path)
        .getFileName()
        .toString();
  }
}
