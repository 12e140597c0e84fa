package io.nestlab.engine.internal.create;

import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.engine.internal.wait.HostWait;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostState;
import java.util.Map;

/** Waits for the host to run and records its public address. */
final class AwaitRunningStep extends CreateStep {
  AwaitRunningStep() {
    super(LabStep.RUNNING, WaitLevel.INFRASTRUCTURE);
  }

  @Override
  void apply(CreateContext c) {
    c.run().begin(LabStep.RUNNING, Map.of());
    HostInfo info =
        HostWait.forState(HostState.RUNNING)
            .await(
                c.engine(), c.provider(), c.record().host(), c.engine().timings().stateTimeout());
    c.run().update(c.record().toBuilder().publicIp(info.publicIp()));
    c.run()
        .end(
            LabStep.RUNNING,
            Map.of(),
            "host running" + (info.publicIp() == null ? "" : " at " + info.publicIp()));
  }
}
