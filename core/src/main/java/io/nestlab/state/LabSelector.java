package io.nestlab.state;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which recorded labs a fleet command acts on ({@code nestlab down --selector}), as terms that must
 * all hold (docs/fleet.md#selectors, docs/design/0140):
 *
 * <pre>
 * selector := term ("," term)*
 * term     := key "=" value | key "!=" value
 * key      := id | name | owner | provider | region | status
 * value    := one or more of A-Z a-z 0-9 . _ - : @ *   ('*' matches any characters, also none)
 * </pre>
 *
 * Status values are the lab statuses ({@code creating}, {@code ready}, ..., any case). A lab
 * without the field (no region yet) matches no {@code =} term and every {@code !=} term.
 */
public final class LabSelector implements Predicate<LabRecord> {
  /** The keys a term may name, with the record field each reads. */
  private static final List<String> KEYS =
      List.of("id", "name", "owner", "provider", "region", "status");

  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:@*-]+");

  private final String text;
  private final List<Term> terms;

  private LabSelector(String text, List<Term> terms) {
    this.text = text;
    this.terms = List.copyOf(terms);
  }

  /**
   * Parses {@code text}, for example {@code owner=trainer,status!=destroyed,name=student-*}.
   *
   * @throws InvalidSpecException naming every malformed term and what to write instead
   */
  public static LabSelector parse(String text) {
    Objects.requireNonNull(text, "text");
    List<Problem> problems = new ArrayList<>();
    List<Term> terms = new ArrayList<>();
    if (text.isBlank()) {
      problems.add(
          Problem.of(
              "--selector", "is empty; give KEY=VALUE[,KEY=VALUE...], for example owner=trainer"));
    } else {
      String[] parts = text.split(",", -1);
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i].trim();
        String where = "--selector term " + (i + 1);
        int ne = part.indexOf("!=");
        int eq = part.indexOf('=');
        if (part.isEmpty()) {
          problems.add(Problem.of(where, "is empty; remove the extra comma"));
          continue;
        }
        if (eq < 0) {
          problems.add(
              Problem.of(
                  where, "'" + part + "' has no '=' or '!='; write KEY=VALUE or KEY!=VALUE"));
          continue;
        }
        boolean negated = ne >= 0 && ne < eq;
        String key = part.substring(0, negated ? ne : eq).trim().toLowerCase(Locale.ROOT);
        String value = part.substring(eq + 1).trim();
        if (!KEYS.contains(key)) {
          problems.add(
              Problem.of(
                  where,
                  "'"
                      + key
                      + "' is not a key a selector knows; use one of "
                      + String.join(", ", KEYS)));
          continue;
        }
        if (!VALUE.matcher(value).matches()) {
          problems.add(
              Problem.of(
                  where,
                  "the value of "
                      + key
                      + " '"
                      + value
                      + "' is empty or has characters other than letters, digits and . _ - : @ *"));
          continue;
        }
        if (key.equals("status") && !value.contains("*")) {
          try {
            LabStatus.valueOf(value.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            problems.add(
                Problem.of(
                    where,
                    "'"
                        + value
                        + "' is not a lab status; use one of "
                        + String.join(
                            ", ",
                            java.util.Arrays.stream(LabStatus.values())
                                .map(s -> s.name().toLowerCase(Locale.ROOT))
                                .toList())));
            continue;
          }
        }
        terms.add(new Term(key, negated, glob(value, key.equals("status"))));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("command line", problems);
    }
    return new LabSelector(text.trim(), terms);
  }

  @Override
  public boolean test(LabRecord r) {
    for (Term t : terms) {
      String actual = field(t.key).apply(r);
      boolean matches = actual != null && t.value.matcher(actual).matches();
      if (matches == t.negated) {
        return false;
      }
    }
    return true;
  }

  private static Function<LabRecord, String> field(String key) {
    return switch (key) {
      case "id" -> LabRecord::labId;
      case "name" -> LabRecord::name;
      case "owner" -> LabRecord::owner;
      case "provider" -> LabRecord::provider;
      case "region" -> LabRecord::region;
      case "status" -> r -> r.status().name();
      default -> throw new IllegalStateException("unknown selector key " + key);
    };
  }

  private static Pattern glob(String value, boolean ignoreCase) {
    String[] pieces = value.split("\\*", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(pieces[i]));
    }
    return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
  }

  @Override
  public String toString() {
    return text;
  }

  private record Term(String key, boolean negated, Pattern value) {}
}
