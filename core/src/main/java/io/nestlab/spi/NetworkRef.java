package io.nestlab.spi;

import java.util.Map;

/**
 * A lab's network as the provider made it. {@code ids} holds the provider's own resource ids
 * ({@code vpc}, {@code subnet}, {@code securityGroup}, ... on AWS; {@code network}, {@code
 * subnetwork}, {@code firewall} on GCE); the engine journals it and passes it back unchanged.
 */
public record NetworkRef(String provider, String region, Map<String, String> ids) {
  public NetworkRef {
    ids = Map.copyOf(ids);
  }
}
