package io.nestlab.state;

import io.nestlab.cost.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A budget of an owner or a team, kept in the state store so that every runner enforces the same
 * one (docs/fleet.md#budgets): at most {@code maxLabs} live labs and at most {@code maxCost} of
 * committed cost per {@code period}. Either limit may be absent ({@link #NO_LIMIT}, a null cost),
 * not both.
 *
 * @param scope whom it limits: one owner, or every owner of a team
 * @param name the owner's or the team's name
 * @param maxLabs the most labs not yet destroyed, or {@link #NO_LIMIT}
 * @param maxCost the most committed cost per period, or null
 * @param period the period of {@code maxCost} (null when there is no cost limit)
 */
public record Budget(Scope scope, String name, int maxLabs, Money maxCost, Period period) {
  /** No limit on the number of labs. */
  public static final int NO_LIMIT = -1;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,62}");
  private static final Pattern COST =
      Pattern.compile("\\$?([0-9]+(?:\\.[0-9]{1,4})?)\\s*(?:/\\s*([a-z]+))?");

  /** Whom a budget limits. */
  public enum Scope {
    OWNER,
    TEAM;

    /** As users write it: {@code owner}, {@code team}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The period a cost limit covers: the last day, week or 30 days, rolling. */
  public enum Period {
    DAY(Duration.ofDays(1)),
    WEEK(Duration.ofDays(7)),
    MONTH(Duration.ofDays(30));

    private final Duration length;

    Period(Duration length) {
      this.length = length;
    }

    public Duration length() {
      return length;
    }

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Budget {
    Objects.requireNonNull(scope, "scope");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          scope.wire()
              + " '"
              + name
              + "' is not a name a budget takes (letters, digits, . _ @ -, at most 63)");
    }
    if (maxLabs < NO_LIMIT) {
      throw new IllegalArgumentException("--max-labs " + maxLabs + " must be 0 or more");
    }
    if (maxCost != null && maxCost.isNegative()) {
      throw new IllegalArgumentException("--max-cost " + maxCost + " must not be negative");
    }
    if (maxCost != null && period == null) {
      period = Period.WEEK;
    }
    if (maxCost == null) {
      period = null;
    }
    if (maxLabs == NO_LIMIT && maxCost == null) {
      throw new IllegalArgumentException(
          "a budget of "
              + scope.wire()
              + " "
              + name
              + " needs --max-labs N, --max-cost AMOUNT/PERIOD or both");
    }
  }

  /**
   * A budget from what users write: {@code maxCost} as {@code 200/week}, {@code $200/day}, {@code
   * 50.5/month} or {@code 200} (a week).
   *
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  public static Budget of(Scope scope, String name, Integer maxLabs, String maxCost) {
    Money cost = null;
    Period period = null;
    if (maxCost != null) {
      Matcher m = COST.matcher(maxCost.strip().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "--max-cost '" + maxCost + "' is not an amount; write AMOUNT/PERIOD, e.g. 200/week");
      }
      cost = Money.usd(new BigDecimal(m.group(1)));
      period = m.group(2) == null ? Period.WEEK : period(m.group(2), maxCost);
    }
    return new Budget(scope, name, maxLabs == null ? NO_LIMIT : maxLabs, cost, period);
  }

  private static Period period(String word, String text) {
    for (Period p : Period.values()) {
      if (p.wire().equals(word) || (p.wire() + "s").equals(word)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "--max-cost '" + text + "': '" + word + "' is not a period; use day, week or month");
  }

  /** Whether it limits the number of labs. */
  public boolean limitsLabs() {
    return maxLabs != NO_LIMIT;
  }

  /** How it is named: {@code team A}, {@code owner alice}. */
  public String label() {
    return scope.wire() + " " + name;
  }

  /** The limits in words: {@code at most 10 labs and $200.00 a week}. */
  public String limits() {
    String labs = limitsLabs() ? "at most " + maxLabs + (maxLabs == 1 ? " lab" : " labs") : "";
    String cost = maxCost == null ? "" : maxCost + " a " + period.wire();
    return labs.isEmpty() ? "at most " + cost : cost.isEmpty() ? labs : labs + " and " + cost;
  }

  /** The command that sets it: {@code nestlab budget set --team A --max-labs 10 ...}. */
  public String command() {
    return "nestlab budget set --"
        + scope.wire()
        + " "
        + name
        + (limitsLabs() ? " --max-labs " + maxLabs : "")
        + (maxCost == null ? "" : " --max-cost " + maxCost.rounded(2) + "/" + period.wire());
  }
}
