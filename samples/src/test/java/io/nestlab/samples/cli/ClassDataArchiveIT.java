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

/**
 * The package phase leaves a class-data archive beside the CLI jar that this JDK maps: {@code
 * -Xshare:on} makes the JVM refuse to start when the archive cannot be used, so a stale, missing or
 * foreign archive fails here rather than silently costing every command its start-up time.
 */
class ClassDataArchiveIT {
  private static final Path TARGET =
      Path.of(System.getProperty("nestlab.repo.dir", "..")).resolve("samples/target");

  @Test
  void theJdkThatBuiltTheCliMapsItsArchive() throws Exception {
    Path archive = TARGET.resolve("nestlab-cli.jsa");
    assertTrue(Files.isRegularFile(archive), archive + " was not made by the package phase");
    Path log = Files.createTempFile("nestlab-cds", ".log");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Xshare:on",
                    "-XX:SharedArchiveFile=" + archive,
                    "-jar",
                    TARGET.resolve("nestlab-cli.jar").toString(),
                    "--version"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "java did not finish");
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), text);
      assertTrue(text.startsWith("nestlab "), text);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
