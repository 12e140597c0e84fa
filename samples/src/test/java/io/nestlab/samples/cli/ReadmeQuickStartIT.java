package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first quick-start command exactly as written, by bash from the repository root,
 * through the {@code samples/bin/nestlab} launcher and the jar this build packaged. (The second one
 * is {@code ./mvnw verify}, which is this very build; {@link CommandCoverageTest} checks it.)
 */
class ReadmeQuickStartIT {
  private static final Path REPO = Path.of(System.getProperty("nestlab.repo.dir", ".."));

  @Test
  void theEstimateCommandRunsAsWrittenFromTheRepositoryRoot() throws Exception {
    String readme = Files.readString(REPO.resolve("README.md"));
    Matcher block =
        Pattern.compile("## Quick start.*?```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(), "README has no quick start bash block");
    String first = block.group(1).split("\n")[0];
    assertTrue(first.startsWith("samples/bin/nestlab estimate "), first);
    Path log = Files.createTempFile("nestlab-readme", ".log");
    Process p =
        new ProcessBuilder("bash", "-c", first)
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the README's estimate did not finish");
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), text);
      // The package phase built the jar: the launcher runs it without building again.
      assertTrue(!text.contains("building the CLI"), text);
      assertTrue(text.contains("$/HOUR"), text);
      assertTrue(text.contains("Prices aws: as of"), text);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
