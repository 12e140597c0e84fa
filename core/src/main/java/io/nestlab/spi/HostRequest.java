package io.nestlab.spi;

import io.nestlab.catalog.Market;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a provider needs to launch a lab's L1 host.
 *
 * @param labId the lab id
 * @param region the provider's region
 * @param zone a zone to prefer, or null to let the provider choose (and fall back on capacity)
 * @param instanceType instance or machine type, custom shapes included
 * @param market on-demand or spot
 * @param nestedVirtualization ask the cloud to expose VMX to the VM (false on metal)
 * @param bootDiskGib encrypted boot disk size
 * @param dataDiskGib encrypted data disk size, 0 for none
 * @param userData the cloud-init user data (already packed to the provider's limit)
 * @param sshPublicKey the lab's OpenSSH public key
 * @param tags tags for every resource the launch creates (see {@link LabTags})
 * @param network the network from {@link LabProvider#ensureNetwork}
 * @param maxRunDuration a cloud-side backstop on the host's life, or null
 * @param idempotencyKey the same key never launches a second host
 */
public record HostRequest(
    String labId,
    String region,
    String zone,
    String instanceType,
    Market market,
    boolean nestedVirtualization,
    int bootDiskGib,
    int dataDiskGib,
    String userData,
    String sshPublicKey,
    Map<String, String> tags,
    NetworkRef network,
    Duration maxRunDuration,
    String idempotencyKey) {

  public HostRequest {
    Objects.requireNonNull(labId, "labId");
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    tags = Map.copyOf(tags);
    userData = userData == null ? "" : userData;
  }

  /** User data is not printed: it is large and may carry the lab's configuration. */
  @Override
  public String toString() {
    return "HostRequest[labId="
        + labId
        + ", region="
        + region
        + ", zone="
        + zone
        + ", instanceType="
        + instanceType
        + ", market="
        + market
        + ", nestedVirtualization="
        + nestedVirtualization
        + ", bootDiskGib="
        + bootDiskGib
        + ", dataDiskGib="
        + dataDiskGib
        + ", userData="
        + userData.length()
        + " chars, idempotencyKey="
        + idempotencyKey
        + "]";
  }
}
