package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.spec.LabSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample labs' user data (which carries every rendered file) against golden copies in
 * src/test/resources/io/nestlab/bootstrap/golden/. After an intended change, regenerate them with
 * {@code ./mvnw -pl core test -Dtest=GoldenFilesTest -Dnestlab.golden.update=true} and review the
 * diff.
 */
class GoldenFilesTest {
  private static final Path GOLDEN =
      Path.of(System.getProperty("nestlab.repo.dir", ".."))
          .resolve("core/src/test/resources/io/nestlab/bootstrap/golden");

  @Test
  void sampleLabsRenderAsTheGoldenFilesSay() throws IOException {
    boolean update = Boolean.getBoolean("nestlab.golden.update");
    List<LabSpec> samples = Labs.samples();
    assertTrue(samples.size() >= 3, "the sample labs are in samples/labs");
    for (LabSpec spec : samples) {
      String provider =
          spec.placement().providers().isEmpty() ? "aws" : spec.placement().providers().get(0);
      RenderedBootstrap b = BootstrapRenderer.render(spec, RenderOptions.of(provider));
      StringBuilder steps = new StringBuilder();
      b.steps().forEach(s -> steps.append(s).append('\n'));
      check(GOLDEN.resolve(spec.name() + ".user-data.yaml"), b.userData(), update);
      check(GOLDEN.resolve(spec.name() + ".steps.txt"), steps.toString(), update);
    }
  }

  private static void check(Path golden, String actual, boolean update) throws IOException {
    if (update) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    assertTrue(
        Files.exists(golden),
        golden + " is missing; run with -Dnestlab.golden.update=true to create it");
    assertEquals(
        Files.readString(golden, StandardCharsets.UTF_8),
        actual,
        golden.getFileName()
            + " differs from the rendered output; if the change is intended, regenerate with"
            + " -Dnestlab.golden.update=true and review the diff");
  }
}
