package io.nestlab.engine.internal.create;

import io.nestlab.PartialFailureException;
import io.nestlab.cost.MeterState;
import io.nestlab.cost.Transition;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.engine.internal.Messages;
import io.nestlab.engine.internal.op.Destroy;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.LabStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A creation that failed: journals the failure, lists what exists by the lab's tag and, when asked
 * to, destroys it by tags (the one compensation: it also finds what a crash left). The exception
 * names what was created.
 */
final class CreateFailure {
  private CreateFailure() {}

  static PartialFailureException handle(CreateContext c, RuntimeException e, boolean cleanup) {
    LabRun run = c.run();
    LabStep step = run.current().orElse(LabStep.CREATE);
    String why = Messages.of(e);
    run.fail(step, e);
    List<String> created = listCreated(c);
    run.update(run.record().toBuilder().status(LabStatus.FAILED).lastError(why));
    String failed = "creating lab " + run.labId() + " failed at step " + step.wire() + ": " + why;
    if (!cleanup || created.isEmpty()) {
      if (created.isEmpty() && cleanup) {
        run.update(
            run.record().toBuilder()
                .status(LabStatus.DESTROYED)
                .transition(new Transition(c.engine().clock().instant(), MeterState.GONE)));
      }
      String advice =
          created.isEmpty() ? "" : "; run 'nestlab down " + run.labId() + "' to delete them";
      return new PartialFailureException(failed + advice, step.wire(), created, e);
    }
    try {
      Destroy.with(c.engine(), run, c.provider());
    } catch (RuntimeException cleanupFailure) {
      return new PartialFailureException(
          failed
              + "; cleaning up failed too ("
              + Messages.of(cleanupFailure)
              + "); run 'nestlab down "
              + run.labId()
              + "' to delete what is left",
          step.wire(),
          created,
          e);
    }
    return new PartialFailureException(
        failed + "; everything created was deleted again", step.wire(), created, e);
  }

  private static List<String> listCreated(CreateContext c) {
    List<String> created = new ArrayList<>();
    try {
      for (OwnedResource r :
          c.retry().call(() -> c.provider().listOwned(TagFilter.lab(c.run().labId())))) {
        created.add(r.describe());
      }
    } catch (RuntimeException listing) {
      created.add("(could not list: " + Messages.of(listing) + ")");
    }
    return created;
  }
}
