package io.nestlab.engine.internal.create;

import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.util.List;
import java.util.Map;

/**
 * The steps of a lab's creation, in order. {@link #run} skips the steps that are done (so a resumed
 * creation goes on at the first step not done), stops before the first step the wait level does not
 * cover, and ends the creation when every step is done. A new step is one new {@link CreateStep}
 * class and one entry in {@link #standard()}.
 */
final class CreatePipeline {
  private final List<CreateStep> steps;

  CreatePipeline(List<CreateStep> steps) {
    this.steps = List.copyOf(steps);
  }

  /** Keys, preflight, network, host, running, deliver-files, bootstrap, access. */
  static CreatePipeline standard() {
    return new CreatePipeline(
        List.of(
            new KeysStep(),
            new PreflightStep(),
            new NetworkStep(),
            new LaunchHostStep(),
            new AwaitRunningStep(),
            new DeliverFilesStep(),
            new BootstrapStep(),
            new AccessStep()));
  }

  List<CreateStep> steps() {
    return steps;
  }

  /** Runs the steps not done up to {@code wait}; the lab is ready when none is left. */
  LabRecord run(CreateContext c, WaitLevel wait) {
    for (CreateStep s : steps) {
      if (wait.compareTo(s.needs()) < 0) {
        DeliverFilesStep.remind(c);
        return c.record();
      }
      if (!s.isDone(c)) {
        s.apply(c);
      }
    }
    c.run().update(c.record().toBuilder().status(LabStatus.READY).lastError(c.accessProblem()));
    c.run().end(LabStep.CREATE, Map.of(), "lab ready");
    return c.record();
  }
}
