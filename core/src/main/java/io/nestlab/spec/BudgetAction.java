package io.nestlab.spec;

/** What to do when a lab is about to cross its budget. */
public enum BudgetAction {
  WARN,
  STOP,
  DESTROY
}
