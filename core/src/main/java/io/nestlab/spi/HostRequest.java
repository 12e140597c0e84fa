package io.nestlab.spi;

import io.nestlab.NestLabException;
import io.nestlab.catalog.Market;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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
 * @param userData the cloud-init user data, already packed to the provider's limit: UTF-8 text, or
 *     gzip-compressed where the provider takes binary user data (AWS)
 * @param sshPublicKey the lab's OpenSSH public key
 * @param tags tags for every resource the launch creates (see {@link LabTags})
 * @param network the network from {@link LabProvider#ensureNetwork}
 * @param maxRunDuration a cloud-side backstop on the host's life, or null
 * @param idempotencyKey the same key never launches a second host
 * @param dataDiskSnapshot a disk snapshot in {@code region} (from {@link
 *     LabProvider#snapshotDataDisk}) to create the data disk from, or null for an empty disk; the
 *     disk is then at least as large as the snapshot
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
    byte[] userData,
    String sshPublicKey,
    Map<String, String> tags,
    NetworkRef network,
    Duration maxRunDuration,
    String idempotencyKey,
    String dataDiskSnapshot) {

  public HostRequest {
    Objects.requireNonNull(labId, "labId");
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    tags = Map.copyOf(tags);
    userData = userData == null ? new byte[0] : userData.clone();
  }

  /** A request with text user data (UTF-8). */
  public HostRequest(
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
    this(
        labId,
        region,
        zone,
        instanceType,
        market,
        nestedVirtualization,
        bootDiskGib,
        dataDiskGib,
        userData == null ? null : userData.getBytes(StandardCharsets.UTF_8),
        sshPublicKey,
        tags,
        network,
        maxRunDuration,
        idempotencyKey,
        null);
  }

  /** A request whose data disk starts empty. */
  public HostRequest(
      String labId,
      String region,
      String zone,
      String instanceType,
      Market market,
      boolean nestedVirtualization,
      int bootDiskGib,
      int dataDiskGib,
      byte[] userData,
      String sshPublicKey,
      Map<String, String> tags,
      NetworkRef network,
      Duration maxRunDuration,
      String idempotencyKey) {
    this(
        labId,
        region,
        zone,
        instanceType,
        market,
        nestedVirtualization,
        bootDiskGib,
        dataDiskGib,
        userData,
        sshPublicKey,
        tags,
        network,
        maxRunDuration,
        idempotencyKey,
        null);
  }

  /** This request with its data disk created from {@code snapshotId} (null: an empty disk). */
  public HostRequest withDataDiskSnapshot(String snapshotId) {
    return new HostRequest(
        labId,
        region,
        zone,
        instanceType,
        market,
        nestedVirtualization,
        bootDiskGib,
        dataDiskGib,
        userData,
        sshPublicKey,
        tags,
        network,
        maxRunDuration,
        idempotencyKey,
        snapshotId);
  }

  @Override
  public byte[] userData() {
    return userData.clone();
  }

  /** The user data's size in bytes, as the cloud counts it before any transport encoding. */
  public int userDataSize() {
    return userData.length;
  }

  /** True when the user data is gzip-compressed (cloud-init unpacks it on the host). */
  public boolean userDataCompressed() {
    return userData.length >= 2 && (userData[0] & 0xff) == 0x1f && (userData[1] & 0xff) == 0x8b;
  }

  /**
   * The user data as text, for clouds whose metadata holds only text (GCE).
   *
   * @throws NestLabException when it is compressed: render it for this provider instead
   */
  public String userDataText() {
    if (userDataCompressed()) {
      throw new NestLabException(
          "the user data of lab "
              + labId
              + " is gzip-compressed, which this cloud's metadata cannot carry; render it for this"
              + " provider (text within its limit)");
    }
    return new String(userData, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostRequest r
        && labId.equals(r.labId)
        && Objects.equals(region, r.region)
        && Objects.equals(zone, r.zone)
        && instanceType.equals(r.instanceType)
        && market == r.market
        && nestedVirtualization == r.nestedVirtualization
        && bootDiskGib == r.bootDiskGib
        && dataDiskGib == r.dataDiskGib
        && Arrays.equals(userData, r.userData)
        && Objects.equals(sshPublicKey, r.sshPublicKey)
        && tags.equals(r.tags)
        && Objects.equals(network, r.network)
        && Objects.equals(maxRunDuration, r.maxRunDuration)
        && idempotencyKey.equals(r.idempotencyKey)
        && Objects.equals(dataDiskSnapshot, r.dataDiskSnapshot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(labId, instanceType, idempotencyKey, Arrays.hashCode(userData));
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
        + (dataDiskSnapshot == null ? "" : ", dataDiskSnapshot=" + dataDiskSnapshot)
        + ", userData="
        + userData.length
        + " bytes, idempotencyKey="
        + idempotencyKey
        + "]";
  }
}
