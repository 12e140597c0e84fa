package io.nestlab.fake.internal;

import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.ResourceKind;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** The fake cloud's lab networks: one network and its firewall per idempotency key. */
public final class FakeNetworks {
  private final FakeCloud cloud;

  public FakeNetworks(FakeCloud cloud) {
    this.cloud = cloud;
  }

  public NetworkRef ensure(NetworkRequest request) {
    Objects.requireNonNull(request.idempotencyKey(), "idempotencyKey");
    return cloud.call(
        "ensureNetwork",
        data -> {
          cloud.requireRegion(request.region());
          cloud.requireLabTag(request.tags());
          String existing = data.idempotency.get(request.idempotencyKey());
          if (existing != null && data.resources.containsKey(existing)) {
            FakeResource net = data.resources.get(existing);
            return networkRef(data, net);
          }
          Instant now = cloud.clock().instant();
          FakeResource net =
              cloud.newResource(data, "fake-net-", ResourceKind.NETWORK, request.tags());
          FakeResource fw =
              cloud.newResource(data, "fake-fw-", ResourceKind.FIREWALL, request.tags());
          fw.parentId = net.id;
          net.created = now;
          fw.created = now;
          data.idempotency.put(request.idempotencyKey(), net.id);
          return networkRef(data, net);
        });
  }

  private static NetworkRef networkRef(CloudData data, FakeResource net) {
    String fw =
        data.resources.values().stream()
            .filter(r -> r.kind == ResourceKind.FIREWALL && net.id.equals(r.parentId))
            .map(r -> r.id)
            .findFirst()
            .orElse("");
    return new NetworkRef(FakeCloud.ID, net.region, Map.of("network", net.id, "firewall", fw));
  }
}
