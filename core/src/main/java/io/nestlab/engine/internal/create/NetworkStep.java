package io.nestlab.engine.internal.create;

import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.engine.internal.HostRequests;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import java.util.List;
import java.util.Map;

/** Ensures the lab's network, under the step's idempotency key. */
final class NetworkStep extends CreateStep {
  NetworkStep() {
    super(LabStep.NETWORK, WaitLevel.NONE);
  }

  @Override
  void apply(CreateContext c) {
    String labId = c.run().labId();
    String key = HostRequests.idempotencyKey(labId, LabStep.NETWORK.wire());
    c.run().begin(LabStep.NETWORK, Map.of("idempotencyKey", key));
    NetworkRequest request =
        new NetworkRequest(
            labId, c.record().plan().region(), List.of(), HostRequests.tags(c.record()), key);
    NetworkRef net = c.retry().call(() -> c.provider().ensureNetwork(request));
    c.run().update(c.record().toBuilder().network(net));
    List<String> names =
        net.ids().values().stream().filter(v -> !v.equals("true") && !v.equals("false")).toList();
    c.run().end(LabStep.NETWORK, net.ids(), "network " + String.join(", ", names));
  }
}
