package io.nestlab.samples.cli;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.state.FileLabStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which team each owner belongs to, from a teams file (docs/fleet.md#teams): one line per team,
 * {@code TEAM: OWNER[, OWNER...]}, where an owner may contain {@code *} (any characters); blank
 * lines and lines starting with {@code #} are skipped. An owner is in the first team that names it,
 * and in none when no team does.
 */
final class FleetTeams {
  /** The teams file when {@code --teams} is not given: {@code $NESTLAB_HOME/teams}. */
  static Path defaultFile() {
    return FileLabStore.defaultRoot().getParent().resolve("teams");
  }

  private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@*{}-]+");

  private final Map<String, List<Pattern>> teams;
  private final Map<String, List<String>> owners;

  private FleetTeams(Map<String, List<Pattern>> teams, Map<String, List<String>> owners) {
    this.teams = teams;
    this.owners = owners;
  }

  static FleetTeams none() {
    return new FleetTeams(Map.of(), Map.of());
  }

  /** The teams kept in a state store ({@code nestlab budget teams}): team to owner patterns. */
  static FleetTeams of(Map<String, List<String>> stored) {
    Map<String, List<Pattern>> teams = new LinkedHashMap<>();
    stored.forEach((t, os) -> teams.put(t, os.stream().map(FleetTeams::glob).toList()));
    return new FleetTeams(teams, stored);
  }

  /** Team to owner patterns, as written. */
  Map<String, List<String>> owners() {
    return owners;
  }

  /** The teams in {@code file}; no file: no teams, unless {@code required}. */
  static FleetTeams read(Path file, boolean required) {
    if (!Files.exists(file)) {
      if (required) {
        throw new InvalidSpecException(
            "command line", List.of(Problem.of("--teams", "there is no file " + file)));
      }
      return none();
    }
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new InvalidSpecException(
          "command line",
          List.of(Problem.of("--teams", "cannot read " + file + ": " + e.getMessage())));
    }
  }

  /**
   * Parses a teams file's text.
   *
   * @throws InvalidSpecException naming every bad line of {@code source}
   */
  static FleetTeams parse(String source, String text) {
    Map<String, List<Pattern>> teams = new LinkedHashMap<>();
    Map<String, List<String>> written = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      String where = "line " + (i + 1);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        problems.add(Problem.of(where, "'" + line + "' has no ':'; write TEAM: OWNER[, OWNER...]"));
        continue;
      }
      String team = line.substring(0, colon).strip();
      if (!TEAM.matcher(team).matches()) {
        problems.add(
            Problem.of(where, "'" + team + "' is not a team name (letters, digits, . _ -)"));
        continue;
      }
      if (teams.containsKey(team)) {
        problems.add(Problem.of(where, "team " + team + " is named twice; give it one line"));
        continue;
      }
      List<Pattern> owners = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (String o : line.substring(colon + 1).split(",")) {
        String owner = o.strip();
        if (!OWNER.matcher(owner).matches()) {
          problems.add(
              Problem.of(
                  where,
                  "'"
                      + owner
                      + "' is not an owner (letters, digits, . _ - @ and * for any characters)"));
          continue;
        }
        owners.add(glob(owner));
        names.add(owner);
      }
      teams.put(team, owners);
      written.put(team, names);
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(source, problems);
    }
    return new FleetTeams(teams, written);
  }

  /** The team of {@code owner}, or null when no team names it. */
  String teamOf(String owner) {
    if (owner == null) {
      return null;
    }
    for (Map.Entry<String, List<Pattern>> e : teams.entrySet()) {
      for (Pattern p : e.getValue()) {
        if (p.matcher(owner).matches()) {
          return e.getKey();
        }
      }
    }
    return null;
  }

  private static Pattern glob(String value) {
    String[] pieces = value.split("\\*", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(pieces[i]));
    }
    return Pattern.compile(re.toString());
  }
}
