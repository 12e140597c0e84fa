package io.nestlab.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs example test classes through the JUnit Platform with the extension isolated from this
 * machine: its own state directory and home, no cloud credentials from the environment, fast polls,
 * and published files under {@code reports}. {@link #config} may be changed before a run.
 */
final class ExtensionRun {
  final Map<String, String> config = new HashMap<>();
  private final Path reports;

  ExtensionRun(Path state, Path home, Path reports) {
    this.reports = reports;
    config.put(Session.STATE_DIR, state.toString());
    config.put(Session.POLL_INTERVAL, "PT0.01S");
    config.put(Session.LEASE, "PT5M");
    config.put(Environment.HOME, home.toString());
    for (String variable :
        List.of(
            "CI",
            "AWS_ACCESS_KEY_ID",
            "AWS_PROFILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
      config.put(Environment.ENV_PREFIX + variable, "");
    }
  }

  EngineExecutionResults run(Class<?>... examples) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameters(config)
        .outputDirectoryCreator(
            new OutputDirectoryCreator() {
              @Override
              public Path getRootDirectory() {
                return reports;
              }

              @Override
              public Path createOutputDirectory(TestDescriptor test) throws IOException {
                return Files.createDirectories(
                    reports.resolve(Integer.toHexString(test.getUniqueId().hashCode())));
              }
            })
        .selectors(
            Arrays.stream(examples).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
        .execute();
  }
}
