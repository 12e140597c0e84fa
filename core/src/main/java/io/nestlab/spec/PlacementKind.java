package io.nestlab.spec;

/** Which kind of L1 host the lab may use. */
public enum PlacementKind {
  /** Bare-metal instances only (nesting depth 2, proven). */
  METAL,
  /** Virtual instances with nested virtualization only (depth 3, experimental). */
  NESTED,
  ANY
}
