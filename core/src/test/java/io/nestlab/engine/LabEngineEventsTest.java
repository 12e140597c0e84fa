package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeClock;
import io.nestlab.fake.FakeFaults;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.plan.PlanOption;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

/** The events the engine fires, in order, as a listener sees them (Mockito: the calls matter). */
class LabEngineEventsTest {
  static final PlanOption OPTION = FakeCatalog.option("fake.nested.16x128", 50, 400);

  @TempDir Path dir;
  final FakeClock clock = FakeClock.at(Instant.parse("2026-11-24T10:00:00Z"));
  final LabListener listener = mock(LabListener.class);

  LabEngine engine() {
    FakeLabProvider fake = FakeLabProvider.builder().clock(clock).faults(FakeFaults.none()).build();
    return LabEngine.builder(FileLabStore.at(dir))
        .providers((id, s) -> fake)
        .clock(clock)
        .sleeper(clock::advance)
        .listener(listener)
        .build();
  }

  private static LabEvent is(LabStep step, LabEvent.Kind kind) {
    return argThat(e -> e != null && e.step().equals(step.wire()) && e.kind() == kind);
  }

  @Test
  void createFiresEachStepsStartAndEndInPipelineOrderThenDestroy() {
    LabEngine engine = engine();

    LabRecord lab =
        engine.create(CreateRequest.of(TestLabs.small(), OPTION, ProviderSettings.empty()));
    engine.destroy(lab.labId(), ProviderSettings.empty());

    InOrder order = inOrder(listener);
    for (LabStep step :
        List.of(
            LabStep.KEYS,
            LabStep.PREFLIGHT,
            LabStep.NETWORK,
            LabStep.HOST,
            LabStep.RUNNING,
            LabStep.BOOTSTRAP)) {
      order.verify(listener).onEvent(is(step, LabEvent.Kind.START));
      order.verify(listener).onEvent(is(step, LabEvent.Kind.END));
    }
    order.verify(listener).onEvent(is(LabStep.CREATE, LabEvent.Kind.END));
    order.verify(listener).onEvent(is(LabStep.DESTROY, LabEvent.Kind.START));
    order.verify(listener).onEvent(is(LabStep.DESTROY, LabEvent.Kind.END));
    verify(listener, never()).onEvent(argThat(e -> e.kind() == LabEvent.Kind.FAILURE));
  }

  @Test
  void aQuotaRefusalFiresPreflightFailureAndNoLaunch() {
    FakeLabProvider fake =
        FakeLabProvider.builder()
            .clock(clock)
            .faults(FakeFaults.none().withQuotaError(true))
            .build();
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(dir))
            .providers((id, s) -> fake)
            .clock(clock)
            .sleeper(clock::advance)
            .listener(listener)
            .build();

    try {
      engine.create(CreateRequest.of(TestLabs.small(), OPTION, ProviderSettings.empty()));
    } catch (RuntimeException expected) {
      // the preflight refuses
    }

    InOrder order = inOrder(listener);
    order.verify(listener).onEvent(is(LabStep.PREFLIGHT, LabEvent.Kind.START));
    order.verify(listener).onEvent(is(LabStep.PREFLIGHT, LabEvent.Kind.FAILURE));
    verify(listener, never()).onEvent(is(LabStep.HOST, LabEvent.Kind.START));
  }

  @Test
  void aThrowingListenerIsStillCalledForEveryEventAndBreaksNothing() {
    doThrow(new IllegalStateException("listener bug")).when(listener).onEvent(any());
    LabEngine engine = engine();

    LabRecord lab =
        engine.create(CreateRequest.of(TestLabs.small(), OPTION, ProviderSettings.empty()));

    assertEquals(LabStatus.READY, lab.status());
    verify(listener).onEvent(is(LabStep.BOOTSTRAP, LabEvent.Kind.END));
  }
}
