package io.nestlab.samples.cli;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code up}'s fleet options: how many labs, their names and owners, how many at once. */
final class FleetOptions {
  /** Set to name labs' owners: {@code NESTLAB_OWNER}, else the user's name. */
  static final String OWNER_ENV = "NESTLAB_OWNER";

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "create N labs from the file, in parallel (docs/fleet.md)")
  Integer count;

  @Option(
      names = "--name-pattern",
      paramLabel = "PATTERN",
      description = "the labs' names with --count; {n} is 1..N (default: the file's name-{n})")
  String namePattern;

  @Option(
      names = "--owner",
      paramLabel = "OWNER",
      description =
          "who owns the lab(s); {n} is 1..N with --count (default: $NESTLAB_OWNER, else your user"
              + " name)")
  String owner;

  @Option(
      names = "--parallel",
      paramLabel = "K",
      description = "with --count: how many labs are created at once (default 4, at most 32)")
  int parallel = 4;

  @Option(
      names = "--api-rate",
      paramLabel = "RATE",
      description =
          "with --count: the most API calls per second to the cloud, shared by the whole fleet:"
              + " 5/s, 120/min, 5/s,burst=10 or none (default: the cloud's, aws 5/s, gcp 10/s)")
  String apiRate;

  /** The API rate of the fleet's calls to {@code providerId}: --api-rate, else the cloud's. */
  io.nestlab.engine.ApiRate apiRateOf(String providerId) {
    return apiRate != null
        ? io.nestlab.engine.ApiRate.parse(apiRate)
        : io.nestlab.engine.ApiRate.defaultFor(providerId);
  }

  /** The owner of the {@code n}th lab (1-based). */
  String ownerOf(int n) {
    String o = owner != null ? owner : currentOwner();
    return o.replace("{n}", String.valueOf(n));
  }

  /** The name of the {@code n}th lab of a fleet of labs from a file named {@code fileName}. */
  String nameOf(String fileName, int n) {
    String pattern = namePattern != null ? namePattern : fileName + "-{n}";
    return pattern.replace("{n}", String.valueOf(n));
  }

  /** Refuses counts, patterns and parallelism that cannot work, naming each problem. */
  void check() {
    List<Problem> problems = new java.util.ArrayList<>();
    if (count != null && (count < 1 || count > 1000)) {
      problems.add(Problem.of("--count", count + " is not between 1 and 1000"));
    }
    if (namePattern != null && count == null) {
      problems.add(Problem.of("--name-pattern", "needs --count"));
    }
    if (namePattern != null && count != null && count > 1 && !namePattern.contains("{n}")) {
      problems.add(
          Problem.of(
              "--name-pattern",
              "'"
                  + namePattern
                  + "' has no {n}, so the labs' names would all be the same; add {n}"));
    }
    if (parallel < 1 || parallel > 32) {
      problems.add(Problem.of("--parallel", parallel + " is not between 1 and 32"));
    }
    if (apiRate != null) {
      if (count == null) {
        problems.add(Problem.of("--api-rate", "needs --count"));
      }
      try {
        io.nestlab.engine.ApiRate.parse(apiRate);
      } catch (IllegalArgumentException e) {
        problems.add(Problem.of("--api-rate", e.getMessage()));
      }
    }
    if (owner != null && owner.isBlank()) {
      problems.add(Problem.of("--owner", "is empty"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("command line", problems);
    }
  }

  /** The owner of what this user does: {@code $NESTLAB_OWNER}, else the user's name. */
  static String currentOwner() {
    String env = System.getenv(OWNER_ENV);
    return env != null && !env.isBlank() ? env : System.getProperty("user.name", "unknown");
  }
}
