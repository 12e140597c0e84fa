package io.nestlab.junit;

import java.nio.file.Files;
import java.nio.file.Path;
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
   * places its SDK's default chain looks first, or a credentials setting in {@code options}.
   */
  Optional<String> missingCredentials(String provider, java.util.Map<String, String> options) {
    switch (provider) {
      case "aws":
        if (variable("AWS_ACCESS_KEY_ID").isPresent()
            || variable("AWS_PROFILE").isPresent()
            || variable("AWS_WEB_IDENTITY_TOKEN_FILE").isPresent()
            || variable("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()
            || variable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").isPresent()
            || options.containsKey("profile")
            || Files.isRegularFile(home().resolve(".aws/credentials"))
            || Files.isRegularFile(home().resolve(".aws/config"))) {
          return Optional.empty();
        }
        return Optional.of(
            "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE,"
                + " or create ~/.aws/credentials ('aws configure'), to run it on AWS");
      case "gcp":
        if (variable("GOOGLE_APPLICATION_CREDENTIALS").isPresent()
            || options.containsKey("credentials-file")
            || Files.isRegularFile(
                home().resolve(".config/gcloud/application_default_credentials.json"))) {
          return Optional.empty();
        }
        return Optional.of(
            "no Google Cloud credentials: set GOOGLE_APPLICATION_CREDENTIALS or run 'gcloud auth"
                + " application-default login', to run it on Google Cloud");
      default:
        return Optional.empty();
    }
  }
}
