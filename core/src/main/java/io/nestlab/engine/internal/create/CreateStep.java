package io.nestlab.engine.internal.create;

import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;

/**
 * One step of a lab's creation. The pipeline runs, in order, every step that is not done and that
 * the caller's wait level covers; a step journals itself through the run ({@code begin}, then
 * {@code end} or an exception), so a creation that dies resumes at the first step not done.
 */
abstract class CreateStep {
  private final LabStep step;
  private final WaitLevel needs;

  /**
   * @param step the journal step this is
   * @param needs the least wait level that runs this step; a lower one returns before it
   */
  CreateStep(LabStep step, WaitLevel needs) {
    this.step = step;
    this.needs = needs;
  }

  final LabStep step() {
    return step;
  }

  final WaitLevel needs() {
    return needs;
  }

  /** Whether the step has nothing to do; by default, whether the journal says it ended. */
  boolean isDone(CreateContext c) {
    return c.run().ended(step);
  }

  /** Does the step; throws when it fails. */
  abstract void apply(CreateContext c);
}
