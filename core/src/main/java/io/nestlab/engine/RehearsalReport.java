package io.nestlab.engine;

import io.nestlab.engine.internal.rehearse.ReportMarkdown;
import java.util.Objects;
import java.util.Optional;

/**
 * A rehearsal's verdict as the host program wrote it (design 0120's REPORT document), kept in the
 * lab's state.
 *
 * @param labId the lab
 * @param json the REPORT document
 */
public record RehearsalReport(String labId, String json) {
  public RehearsalReport {
    Objects.requireNonNull(labId, "labId");
    Objects.requireNonNull(json, "json");
  }

  /** {@code succeeded}, {@code failed}, {@code paused} or {@code running}. */
  public String state() {
    return ReportMarkdown.state(json);
  }

  /** What failed and where ({@code STEP (HOST): message}), when a step failed. */
  public Optional<String> failure() {
    return ReportMarkdown.failure(json);
  }

  /**
   * Whether the run's program stopped in a step (killed, or the host rebooted) rather than a step
   * failing: {@code nestlab resume} redoes that step (design 0171).
   */
  public boolean interrupted() {
    return ReportMarkdown.interrupted(json);
  }

  /** The report as Markdown, fit to attach to a change request. */
  public String markdown() {
    return ReportMarkdown.render(labId, json);
  }
}
