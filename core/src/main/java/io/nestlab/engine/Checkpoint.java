package io.nestlab.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * A named restore point of a whole lab, kept on its L1 host.
 *
 * @param bytes the size of its overlays on the host's disk
 */
public record Checkpoint(String name, Instant created, long bytes) {
  public Checkpoint {
    Objects.requireNonNull(name, "name");
  }

  /** The name a checkpoint gets when none is given. */
  public static final String DEFAULT_NAME = "pre-upgrade";
}
