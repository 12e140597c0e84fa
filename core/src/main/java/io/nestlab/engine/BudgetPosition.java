package io.nestlab.engine;

import io.nestlab.cost.Money;
import io.nestlab.state.Budget;
import io.nestlab.state.BudgetExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an owner's or a team's {@link Budget} stands, and whether new labs fit it
 * (docs/fleet.md#budgets).
 *
 * @param budget the budget
 * @param liveLabs labs of the budget's owner or team not destroyed yet
 * @param newLabs the new labs that would count against it
 * @param spent what the budget's labs cost within its period (the last day, week or 30 days), from
 *     their recorded state changes; zero without a cost limit
 * @param planned what its live labs will cost from now to their recorded lease ends, at their
 *     current rates (the plan's rate for a lab not started yet); zero without a cost limit
 * @param newCost what the new labs will cost from now to their lease ends, at the plan's rate
 */
public record BudgetPosition(
    Budget budget, int liveLabs, int newLabs, Money spent, Money planned, Money newCost) {

  /** Spent plus planned: what the budget's labs already hold of its money. */
  public Money committed() {
    return spent.plus(planned);
  }

  /** Labs left before the new ones, if the budget limits labs (never negative). */
  public Optional<Integer> labsLeft() {
    return budget.limitsLabs()
        ? Optional.of(Math.max(0, budget.maxLabs() - liveLabs))
        : Optional.empty();
  }

  /** Money left before the new labs, if the budget limits cost (never negative). */
  public Optional<Money> moneyLeft() {
    if (budget.maxCost() == null) {
      return Optional.empty();
    }
    Money left = budget.maxCost().minus(committed());
    return Optional.of(left.isNegative() ? Money.ZERO : left);
  }

  public boolean labsFit() {
    return !budget.limitsLabs() || liveLabs + newLabs <= budget.maxLabs();
  }

  public boolean costFits() {
    return budget.maxCost() == null || committed().plus(newCost).compareTo(budget.maxCost()) <= 0;
  }

  /** Whether the new labs fit both limits. */
  public boolean fits() {
    return labsFit() && costFits();
  }

  /**
   * The position in words: {@code team A (at most 10 labs and $200.00 a week): 3 of 10 labs live;
   * $80.00 of $200.00 committed this week ($50.00 spent, $30.00 planned to lease ends); 1 new lab
   * plans $12.00: fits}.
   */
  public String describe() {
    StringBuilder s = new StringBuilder(budget.label() + " (" + budget.limits() + "): ");
    if (budget.limitsLabs()) {
      s.append(liveLabs).append(" of ").append(budget.maxLabs()).append(" labs live");
    } else {
      s.append(liveLabs).append(liveLabs == 1 ? " lab live" : " labs live");
    }
    if (budget.maxCost() != null) {
      s.append("; ")
          .append(committed())
          .append(" of ")
          .append(budget.maxCost())
          .append(" committed this ")
          .append(budget.period().wire())
          .append(" (")
          .append(spent)
          .append(" spent, ")
          .append(planned)
          .append(" planned to lease ends)");
    }
    if (newLabs > 0) {
      s.append("; ")
          .append(newLabs)
          .append(newLabs == 1 ? " new lab" : " new labs")
          .append(" plan")
          .append(newLabs == 1 ? "s " : " ")
          .append(newCost)
          .append(fits() ? ": fits" : ": does NOT fit");
    }
    return s.toString();
  }

  /**
   * Refuses new labs that do not fit, naming every budget they would exceed, its figures and how to
   * make room; does nothing when they all fit.
   *
   * @param what the new labs in words ({@code lab 'x'}, {@code a fleet of 10 labs})
   * @param owner whose labs they are (one of them, for a fleet of several owners)
   * @throws BudgetExceededException when a budget does not fit
   */
  public static void requireFit(List<BudgetPosition> positions, String what, String owner) {
    List<String> over = new ArrayList<>();
    Budget first = null;
    boolean money = false; // a shorter TTL makes room only under a money budget
    for (BudgetPosition p : positions) {
      if (!p.fits()) {
        over.add(p.describe());
        first = first == null ? p.budget() : first;
        money |= !p.costFits();
      }
    }
    if (over.isEmpty()) {
      return;
    }
    throw new BudgetExceededException(
        what
            + " of owner "
            + owner
            + " would exceed "
            + (over.size() == 1 ? "a budget" : over.size() + " budgets")
            + "; nothing was created: "
            + String.join("; and ", over)
            + ". Make room by destroying labs ('nestlab list --all-owners' shows them, 'nestlab"
            + " down LAB' removes one), "
            + (money ? "by a shorter policy.ttl in the lab file, " : "")
            + "or by raising"
            + " the budget ('"
            + first.command()
            + "' with higher figures; 'nestlab budget list' shows them all)");
  }
}
