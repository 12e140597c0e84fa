package io.nestlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public API of core speaks only JDK and NestLab types (STYLE.md, rule 2). */
class PublicApiTest {
  private static final Path MAIN_CLASSES = Path.of("target", "classes");
  private static final Path TEST_CLASSES = Path.of("target", "test-classes");

  @Test
  void publicSignaturesOfCoreMentionNoGuiceGuavaAwsOrGoogleTypes() {
    List<String> violations = PublicApiScanner.scan(MAIN_CLASSES, "io.nestlab");
    assertEquals(List.of(), violations, "move these into an ...internal package or wrap them");
  }

  @Test
  void scannerSeesCoreClasses() {
    // Guards against a vacuous pass: the scan must actually find core's types.
    assertTrue(MAIN_CLASSES.resolve("io/nestlab/spi/LabProvider.class").toFile().isFile());
  }

  @Test
  void scannerCatchesAForbiddenTypeInEveryPositionOfAPublicSignature() {
    List<String> violations = PublicApiScanner.scan(TEST_CLASSES, "io.nestlab.apifixture");
    assertEquals(
        List.of(
            "io.nestlab.apifixture.LeakyApi component client mentions"
                + " org.apache.sshd.client.SshClient",
            "io.nestlab.apifixture.LeakyApi constructor parameter mentions"
                + " org.apache.sshd.client.SshClient",
            "io.nestlab.apifixture.LeakyApi method client mentions org.apache.sshd.client.SshClient",
            "io.nestlab.apifixture.LeakyApi method resources mentions"
                + " org.apache.sshd.common.NamedResource",
            "io.nestlab.apifixture.LeakyApi method wrap parameter mentions"
                + " org.apache.sshd.common.AttributeRepository$AttributeKey",
            "io.nestlab.apifixture.LeakyModule extends mentions"
                + " org.apache.sshd.common.util.closeable.AbstractCloseable"),
        violations.stream().sorted().distinct().toList());
  }
}
