package io.nestlab.spi;

import java.util.Map;

/**
 * What the provider knows of an L1 host now.
 *
 * @param publicIp the address users connect to, or null while it has none
 * @param privateIp its address inside the cloud network, or null
 */
public record HostInfo(
    HostRef ref,
    HostState state,
    String instanceType,
    String publicIp,
    String privateIp,
    Map<String, String> tags) {
  public HostInfo {
    tags = Map.copyOf(tags);
  }
}
