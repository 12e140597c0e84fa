package io.nestlab.cost;

import java.time.Instant;
import java.util.Objects;

/** From {@code at} on, the lab's host is billed as {@code state}. Recorded by the engine. */
public record Transition(Instant at, MeterState state) {
  public Transition {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(state, "state");
  }
}
