package io.nestlab.spi;

import java.util.List;
import java.util.Map;

/**
 * The cloud network a lab's L1 host lives in.
 *
 * @param labId the lab id
 * @param region the provider's region
 * @param allowedIngressCidrs the only addresses that may reach the host; empty means the provider's
 *     default (the caller's address as /32). Never 0.0.0.0/0 unless the user forced it.
 * @param tags the tags every created resource carries (see {@link LabTags})
 * @param idempotencyKey the same key returns the same network
 */
public record NetworkRequest(
    String labId,
    String region,
    List<String> allowedIngressCidrs,
    Map<String, String> tags,
    String idempotencyKey) {
  public NetworkRequest {
    allowedIngressCidrs = List.copyOf(allowedIngressCidrs);
    tags = Map.copyOf(tags);
  }
}
