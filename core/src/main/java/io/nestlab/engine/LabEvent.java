package io.nestlab.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened to a lab. Steps are paired: every {@link Kind#START} is followed by an
 * {@link Kind#END} or a {@link Kind#FAILURE} of the same step; {@link Kind#INFO} stands alone
 * (bootstrap progress, guard warnings).
 *
 * @param step the step, for example {@code network}, {@code host}, {@code bootstrap}
 * @param detail for people: what is happening or what was made
 * @param error the failure, for {@link Kind#FAILURE}; null otherwise
 */
public record LabEvent(
    String labId, String step, Kind kind, Instant at, String detail, Throwable error) {
  public LabEvent {
    Objects.requireNonNull(labId, "labId");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    detail = detail == null ? "" : detail;
  }

  /** The kind of event. */
  public enum Kind {
    START,
    END,
    FAILURE,
    INFO
  }
}
