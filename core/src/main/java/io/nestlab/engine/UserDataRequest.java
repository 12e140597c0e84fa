package io.nestlab.engine;

import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import java.util.Map;

/**
 * What a {@link UserDataRenderer} renders the L1 host's user data from.
 *
 * @param sshPublicKey the lab's OpenSSH public key
 * @param tags the lab's tags, lease included
 */
public record UserDataRequest(
    String labId, LabSpec spec, PlanOption option, String sshPublicKey, Map<String, String> tags) {
  public UserDataRequest {
    tags = Map.copyOf(tags);
  }
}
