package io.nestlab.engine.internal.create;

import io.nestlab.NestLabException;
import io.nestlab.NestLabTimeoutException;
import io.nestlab.bootstrap.ProgressLine;
import io.nestlab.bootstrap.ProgressStatus;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.engine.internal.wait.ConsoleProgress;
import io.nestlab.spi.HostState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Follows the host's progress reports on its console until {@code phase=ready}; a failed phase, a
 * host that stops running or the bootstrap timeout fails the creation.
 */
final class BootstrapStep extends CreateStep {
  BootstrapStep() {
    super(LabStep.BOOTSTRAP, WaitLevel.READY);
  }

  /** How many console reads between two looks at the host's state. */
  static final int POLLS_PER_STATE_CHECK = 10;

  @Override
  void apply(CreateContext c) {
    c.run().begin(LabStep.BOOTSTRAP, Map.of());
    follow(c);
    c.run().end(LabStep.BOOTSTRAP, Map.of(), "bootstrap reported ready");
  }

  private static void follow(CreateContext c) {
    Duration timeout = c.engine().timings().bootstrapTimeout();
    Instant deadline = c.engine().clock().instant().plus(timeout);
    ConsoleProgress console = new ConsoleProgress(c.provider(), c.record().host(), c.retry(), 0);
    String last = c.record().lastPhase();
    for (int polls = 1; ; polls++) {
      for (ProgressLine p : console.poll()) {
        String described = ConsoleProgress.describe(p);
        if (p.status() == ProgressStatus.FAILED) {
          throw new NestLabException(
              "the bootstrap of lab "
                  + c.run().labId()
                  + " failed in phase "
                  + described
                  + " at "
                  + p.time()
                  + "; the serial console of host "
                  + c.record().host().id()
                  + " has the details");
        }
        if (!described.equals(last)) {
          last = described;
          c.run().update(c.record().toBuilder().lastPhase(last).consoleOffset(console.offset()));
          c.run().info(LabStep.BOOTSTRAP, last);
        }
        if (p.isReady()) {
          return;
        }
      }
      if (c.engine().clock().instant().isAfter(deadline)) {
        throw new NestLabTimeoutException(
            "lab "
                + c.run().labId()
                + " to report phase=ready on its console (last progress: "
                + (last == null ? "none" : last)
                + ")",
            timeout);
      }
      if (polls % POLLS_PER_STATE_CHECK == 0) {
        requireRunning(c);
      }
      c.engine().sleeper().sleep(c.engine().timings().pollInterval());
    }
  }

  private static void requireRunning(CreateContext c) {
    HostState s = c.retry().call(() -> c.provider().describeHost(c.record().host())).state();
    if (s != HostState.RUNNING) {
      throw new NestLabException(
          "host "
              + c.record().host().id()
              + " of lab "
              + c.run().labId()
              + " is "
              + s
              + " during its bootstrap");
    }
  }
}
