package io.nestlab.cost;

/**
 * What a budget or TTL guard decided.
 *
 * @param verdict nothing to do, warn, or act now
 * @param message for people: what was found and what happens
 */
public record GuardDecision(Verdict verdict, String message) {
  public static GuardDecision ok(String message) {
    return new GuardDecision(Verdict.OK, message);
  }

  public boolean isAct() {
    return verdict == Verdict.ACT;
  }

  /** The guard's verdict. */
  public enum Verdict {
    OK,
    WARN,
    /** Apply the guard's action now, before the limit is crossed. */
    ACT
  }
}
