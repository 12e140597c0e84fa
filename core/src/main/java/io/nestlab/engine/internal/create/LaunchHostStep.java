package io.nestlab.engine.internal.create;

import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.cost.MeterState;
import io.nestlab.cost.Transition;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.engine.internal.HostRequests;
import io.nestlab.engine.internal.Restores;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import java.time.Instant;
import java.util.Map;

/**
 * Launches the L1 host under the step's idempotency key (a resumed launch finds the host the first
 * one made); keeps the files its user data had no room for in the vault; bills from the request.
 */
final class LaunchHostStep extends CreateStep {
  LaunchHostStep() {
    super(LabStep.HOST, WaitLevel.NONE);
  }

  @Override
  void apply(CreateContext c) {
    String key = HostRequests.idempotencyKey(c.run().labId(), LabStep.HOST.wire());
    c.run().begin(LabStep.HOST, Map.of("idempotencyKey", key));
    Instant launchedAt = c.run().lastOf(LabStep.HOST).orElseThrow().at();
    PackedUserData userData = c.userData();
    c.vault().saveDeferredFiles(userData.deferredFiles());
    HostRequest launch =
        HostRequests.of(
                c.record(),
                c.record().network(),
                c.publicKey(),
                userData,
                c.engine().timings().guardLookahead())
            .withDataDiskSnapshot(Restores.snapshotOf(c.record()).orElse(null));
    HostRef host = c.retry().call(() -> c.provider().launchHost(launch));
    c.run()
        .update(
            c.record().toBuilder()
                .host(host)
                .transition(new Transition(launchedAt, MeterState.RUNNING)));
    c.run()
        .end(
            LabStep.HOST,
            Map.of("id", host.id()),
            "host " + host.id() + " (" + c.record().plan().instanceType() + ")");
  }
}
