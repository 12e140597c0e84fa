package io.nestlab.engine;

import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import java.util.Map;

/**
 * What a {@link UserDataRenderer} renders the L1 host's user data from.
 *
 * @param sshPublicKey the lab's OpenSSH public key
 * @param tags the lab's tags, lease included
 * @param restore the host's data disk is created from a blueprint's snapshot: render the restore
 *     path (start the lab found on the disk) instead of the install path
 */
public record UserDataRequest(
    String labId,
    LabSpec spec,
    PlanOption option,
    String sshPublicKey,
    Map<String, String> tags,
    boolean restore) {
  public UserDataRequest {
    tags = Map.copyOf(tags);
  }

  /** A request for a lab built from installers. */
  public UserDataRequest(
      String labId,
      LabSpec spec,
      PlanOption option,
      String sshPublicKey,
      Map<String, String> tags) {
    this(labId, spec, option, sshPublicKey, tags, false);
  }
}
