package io.nestlab.junit;

import io.nestlab.CloudTraits;
import io.nestlab.spi.LabProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The environment the extension decides by: variables ({@code CI}, the clouds' credential
 * variables) and the home directory (the clouds' credential files). A JUnit configuration parameter
 * {@code nestlab.junit.env.NAME} overrides variable NAME (an empty value unsets it), and {@code
 * nestlab.junit.home} the home directory, so the extension's own tests need no real environment.
 */
final class Environment {
  static final String ENV_PREFIX = "nestlab.junit.env.";
  static final String HOME = "nestlab.junit.home";

  private final Function<String, Optional<String>> config;

  Environment(Function<String, Optional<String>> config) {
    this.config = config;
  }

  Optional<String> variable(String name) {
    Optional<String> override = config.apply(ENV_PREFIX + name);
    if (override.isPresent()) {
      return override.filter(v -> !v.isEmpty());
    }
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isEmpty());
  }

  Path home() {
    return config.apply(HOME).map(Path::of).orElse(Path.of(System.getProperty("user.home")));
  }

  boolean isCi() {
    return variable("CI").isPresent();
  }

  /**
   * Why {@code provider} cannot be used from here, or empty when its credentials are found: the
   * places its SDK's default chain looks first ({@link CloudTraits#credentialSources()}: variables,
   * files under the home directory, or a credentials setting in {@code options}). A cloud that
   * names no source, or an id no cloud has, needs none here.
   */
  Optional<String> missingCredentials(String provider, Map<String, String> options) {
    CloudTraits cloud = LabProviders.clouds().find(provider).orElse(null);
    if (cloud == null || cloud.credentialSources().isEmpty()) {
      return Optional.empty();
    }
    for (String source : cloud.credentialSources()) {
      String value = source.substring(source.indexOf(':') + 1);
      boolean found =
          switch (source.substring(0, source.indexOf(':'))) {
            case "env" -> variable(value).isPresent();
            case "option" -> options.containsKey(value);
            default -> Files.isRegularFile(home().resolve(value));
          };
      if (found) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "no "
            + cloud.displayName()
            + " credentials: "
            + cloud.credentialsHint()
            + ", to run it on "
            + cloud.displayName());
  }
}
