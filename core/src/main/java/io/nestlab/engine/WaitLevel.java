package io.nestlab.engine;

/** How long {@code create} waits before it returns. */
public enum WaitLevel {
  /** Return once the host is launched. */
  NONE,
  /** Return once the host is running. */
  INFRASTRUCTURE,
  /** Return once the bootstrap reported {@code phase=ready status=done}. */
  READY
}
