package io.nestlab.engine;

/**
 * How {@link LabEngine#sweep} works.
 *
 * @param dryRun only report what has expired; delete nothing
 */
public record SweepOptions(boolean dryRun) {
  /** Delete what has expired. */
  public static SweepOptions deleteExpired() {
    return new SweepOptions(false);
  }

  /** Report what has expired, delete nothing. */
  public static SweepOptions dryRunOnly() {
    return new SweepOptions(true);
  }
}
