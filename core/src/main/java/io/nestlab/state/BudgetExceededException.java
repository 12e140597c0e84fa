package io.nestlab.state;

/**
 * A new lab would exceed an owner's or a team's budget ({@link Budget}); nothing was created. The
 * message names the budget, the figures and how to make room.
 */
public class BudgetExceededException extends LabStateException {
  private static final long serialVersionUID = 1L;

  public BudgetExceededException(String message) {
    super(message);
  }
}
