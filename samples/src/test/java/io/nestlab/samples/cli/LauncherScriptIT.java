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
}
