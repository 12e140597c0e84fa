package io.nestlab.bootstrap;

/**
 * Hears the bootstrap's progress as {@link ProgressTracker} reads it from the console: paired start
 * and done (or failed) events per step. Every method has an empty default; an exception thrown by a
 * listener is caught and never stops the tracker.
 */
public interface ProgressListener {
  default void onStart(ProgressLine line) {}

  default void onDone(ProgressLine line) {}

  default void onFailed(ProgressLine line) {}

  /** The final {@code phase=ready status=done} line arrived. */
  default void onReady(ProgressLine line) {}
}
