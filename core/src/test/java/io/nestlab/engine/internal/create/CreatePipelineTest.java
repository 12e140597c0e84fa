package io.nestlab.engine.internal.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.EngineFixture;
import io.nestlab.fake.FakeFaults;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreatePipelineTest {
  @TempDir Path dir;
  final List<LabStep> applied = new ArrayList<>();

  private CreateContext context() {
    EngineFixture f = new EngineFixture(dir);
    FakeLabProvider fake = f.fake(FakeFaults.none());
    f.newLab("lab-1");
    EngineContext ctx = f.context(fake);
    return new CreateContext(ctx, f.run(ctx, "lab-1"), fake);
  }

  /** A step that journals itself and records that it ran. */
  private CreateStep step(LabStep step, WaitLevel needs, Set<LabStep> done) {
    return new CreateStep(step, needs) {
      @Override
      boolean isDone(CreateContext c) {
        return done.contains(step) || super.isDone(c);
      }

      @Override
      void apply(CreateContext c) {
        applied.add(step);
        c.run().begin(step, Map.of());
        c.run().end(step, Map.of(), "");
      }
    };
  }

  @Test
  void theStandardStepsAreTheJournalsStepsInCreationOrder() {
    assertEquals(
        List.of(
            LabStep.KEYS,
            LabStep.PREFLIGHT,
            LabStep.NETWORK,
            LabStep.HOST,
            LabStep.RUNNING,
            LabStep.DELIVER_FILES,
            LabStep.BOOTSTRAP,
            LabStep.ACCESS),
        CreatePipeline.standard().steps().stream().map(CreateStep::step).toList());
  }

  @Test
  void aResumedRunStartsAtTheFirstStepNotDoneAndEndsTheCreation() {
    Set<LabStep> done = Set.of(LabStep.KEYS, LabStep.PREFLIGHT);
    CreatePipeline pipeline =
        new CreatePipeline(
            List.of(
                step(LabStep.KEYS, WaitLevel.NONE, done),
                step(LabStep.PREFLIGHT, WaitLevel.NONE, done),
                step(LabStep.NETWORK, WaitLevel.NONE, done),
                step(LabStep.BOOTSTRAP, WaitLevel.READY, done)));
    CreateContext c = context();

    LabRecord rec = pipeline.run(c, WaitLevel.READY);

    assertEquals(List.of(LabStep.NETWORK, LabStep.BOOTSTRAP), applied);
    assertEquals(LabStatus.READY, rec.status());
    assertTrue(rec.ended(LabStep.CREATE.wire()));
  }

  @Test
  void aLowerWaitLevelStopsBeforeTheStepsItDoesNotCoverAndLeavesTheLabCreating() {
    CreatePipeline pipeline =
        new CreatePipeline(
            List.of(
                step(LabStep.HOST, WaitLevel.NONE, Set.of()),
                step(LabStep.RUNNING, WaitLevel.INFRASTRUCTURE, Set.of()),
                step(LabStep.BOOTSTRAP, WaitLevel.READY, Set.of())));

    LabRecord rec = pipeline.run(context(), WaitLevel.INFRASTRUCTURE);

    assertEquals(List.of(LabStep.HOST, LabStep.RUNNING), applied);
    assertEquals(LabStatus.CREATING, rec.status());
    assertTrue(rec.lastOf(LabStep.CREATE.wire()).isEmpty());
  }
}
