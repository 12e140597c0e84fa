package io.nestlab.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every budget of a state store and the teams it knows (team name to owner patterns, {@code *} for
 * any characters; an owner is in the first team that names it). Kept in the store (a table in
 * PostgreSQL, a file in a directory) so that every runner enforces the same policy.
 */
public record BudgetPolicy(List<Budget> budgets, Map<String, List<String>> teams) {
  private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@*-]+");

  public BudgetPolicy {
    budgets = List.copyOf(budgets);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    teams.forEach(
        (team, owners) -> {
          if (!TEAM.matcher(team).matches()) {
            throw new IllegalArgumentException(
                "'" + team + "' is not a team name (letters, digits, . _ -)");
          }
          for (String o : owners) {
            if (!OWNER.matcher(o).matches()) {
              throw new IllegalArgumentException(
                  "team " + team + ": '" + o + "' is not an owner (letters, digits, . _ - @ *)");
            }
          }
          copy.put(team, List.copyOf(owners));
        });
    teams = java.util.Collections.unmodifiableMap(copy);
    List<String> labels = new ArrayList<>();
    for (Budget b : budgets) {
      if (labels.contains(b.label())) {
        throw new IllegalArgumentException(b.label() + " has two budgets; keep one");
      }
      labels.add(b.label());
    }
  }

  /** No budgets, no teams. */
  public static BudgetPolicy empty() {
    return new BudgetPolicy(List.of(), Map.of());
  }

  public boolean isEmpty() {
    return budgets.isEmpty() && teams.isEmpty();
  }

  /** The team of {@code owner}: the first whose patterns match it. */
  public Optional<String> teamOf(String owner) {
    if (owner == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, List<String>> e : teams.entrySet()) {
      for (String pattern : e.getValue()) {
        if (glob(pattern).matcher(owner).matches()) {
          return Optional.of(e.getKey());
        }
      }
    }
    return Optional.empty();
  }

  /** The budgets a lab of {@code owner} counts against: its own, then its team's. */
  public List<Budget> applying(String owner) {
    List<Budget> found = new ArrayList<>();
    Optional<String> team = teamOf(owner);
    for (Budget b : budgets) {
      if (b.scope() == Budget.Scope.OWNER && b.name().equals(owner)) {
        found.add(b);
      }
    }
    for (Budget b : budgets) {
      if (b.scope() == Budget.Scope.TEAM && team.isPresent() && b.name().equals(team.get())) {
        found.add(b);
      }
    }
    return found;
  }

  /** Whether a lab of {@code owner} belongs to {@code budget}'s owner or team. */
  public boolean covers(Budget budget, String owner) {
    return owner != null
        && (budget.scope() == Budget.Scope.OWNER
            ? budget.name().equals(owner)
            : teamOf(owner).filter(budget.name()::equals).isPresent());
  }

  /** This policy with {@code budget} replacing any budget of the same owner or team. */
  public BudgetPolicy with(Budget budget) {
    List<Budget> next = new ArrayList<>();
    boolean replaced = false;
    for (Budget b : budgets) {
      if (b.label().equals(budget.label())) {
        next.add(budget);
        replaced = true;
      } else {
        next.add(b);
      }
    }
    if (!replaced) {
      next.add(budget);
    }
    return new BudgetPolicy(next, teams);
  }

  /** The budget of {@code name} in {@code scope}, if there is one. */
  public Optional<Budget> find(Budget.Scope scope, String name) {
    return budgets.stream().filter(b -> b.scope() == scope && b.name().equals(name)).findFirst();
  }

  /** This policy without the budget of {@code name} in {@code scope}. */
  public BudgetPolicy without(Budget.Scope scope, String name) {
    List<Budget> next = new ArrayList<>(budgets);
    next.removeIf(b -> b.scope() == scope && b.name().equals(name));
    return new BudgetPolicy(next, teams);
  }

  /** This policy with these teams instead of its own. */
  public BudgetPolicy withTeams(Map<String, List<String>> newTeams) {
    return new BudgetPolicy(budgets, newTeams);
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
