package io.nestlab.engine;

/**
 * How to run an upgrade rehearsal.
 *
 * @param dryRun run the prechecks only
 * @param stopAfter the step after which the run pauses ({@code vcenter}, a host's name such as
 *     {@code esx-01}, ...), or null to run to the end
 */
public record RehearsalOptions(boolean dryRun, String stopAfter) {
  public RehearsalOptions {
    stopAfter = stopAfter == null || stopAfter.isBlank() ? null : stopAfter.strip();
  }

  /** A full run, to the end. */
  public static RehearsalOptions full() {
    return new RehearsalOptions(false, null);
  }
}
