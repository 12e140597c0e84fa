package io.nestlab.state;

/** Where a lab is in its life, as last recorded. */
public enum LabStatus {
  /** Being created; {@code resume} continues it. */
  CREATING,
  /**
   * Created and bootstrapped. A creation that returned before (with {@code --wait none} or {@code
   * infrastructure}) stays {@link #CREATING}: {@code status} follows its bootstrap and {@code
   * resume} waits for it.
   */
  READY,
  STOPPING,
  STOPPED,
  STARTING,
  /** Being torn down; {@code destroy} finishes it. */
  DESTROYING,
  /** Everything is gone (verified by listing tags). */
  DESTROYED,
  /** Creation failed; {@code destroy} removes whatever exists. */
  FAILED
}
