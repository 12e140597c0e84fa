package io.nestlab.engine.internal.create;

import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;

/**
 * One step of a lab's creation. The pipeline runs, in order, every step that is not done and that
 * the caller's wait level covers; a step journals itself through the run ({@code begin}, then
 * {@code end} or an exception), so a creation that dies resumes at the first step not done.
 */
interface CreateStep {
  /** The journal step this is. */
  LabStep step();

  /** The least wait level that runs this step; a lower one returns before it. */
  default WaitLevel needs() {
    return WaitLevel.NONE;
  }

  /** Whether the journal (and, where it matters, the vault) says this step has nothing to do. */
  boolean isDone(CreateContext c);

  /** Does the step; throws when it fails. */
  void apply(CreateContext c);
}
