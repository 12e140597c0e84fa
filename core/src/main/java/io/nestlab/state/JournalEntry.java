package io.nestlab.state;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a lab's journal, written before a step starts ({@link Phase#BEGIN}) and after it ends
 * ({@link Phase#END}) or fails ({@link Phase#FAILED}). {@code data} carries what the step needs to
 * be resumed, such as its idempotency key or the id it produced. Never holds secrets.
 */
public record JournalEntry(
    long seq, Instant at, String step, Phase phase, Map<String, String> data, String error) {

  public JournalEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(phase, "phase");
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  /** Whether the journal line opens, closes or fails its step. */
  public enum Phase {
    BEGIN,
    END,
    FAILED
  }
}
