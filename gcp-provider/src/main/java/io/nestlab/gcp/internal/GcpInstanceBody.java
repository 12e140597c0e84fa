package io.nestlab.gcp.internal;

import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AdvancedMachineFeatures;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Scheduling;
import com.google.cloud.compute.v1.ServiceAccount;
import com.google.cloud.compute.v1.ShieldedInstanceConfig;
import com.google.cloud.compute.v1.Tags;
import io.nestlab.catalog.Market;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.LabTags;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of an L1 instance insert: boot and data disks, the lab network with an external address,
 * nested virtualization or shielded VM per series, the user data and lease in metadata, the service
 * account for gs:// media, and scheduling (Spot, maintenance, max run duration).
 */
final class GcpInstanceBody {
  private GcpInstanceBody() {}

  static Instance of(
      HostRequest request,
      MachineSeries series,
      String name,
      String zone,
      String image,
      String serviceAccount) {
    return of(request, series, name, zone, image, serviceAccount, request.dataDiskGib());
  }

  /**
   * The instance with a data disk of {@code dataDiskGib}, made from {@link
   * HostRequest#dataDiskSnapshot} when the request names one (then at least the snapshot's size).
   */
  static Instance of(
      HostRequest request,
      MachineSeries series,
      String name,
      String zone,
      String image,
      String serviceAccount,
      int dataDiskGib) {
    Map<String, String> labels = new TreeMap<>();
    request.tags().forEach((k, v) -> labels.put(k, LabTags.sanitize(v)));
    String diskType = "zones/" + zone + "/diskTypes/" + series.diskType();
    Map<String, String> net = request.network().ids();
    Instance.Builder b =
        Instance.newBuilder()
            .setName(name)
            .setDescription("NestLab L1 host of lab " + request.labId())
            .setMachineType("zones/" + zone + "/machineTypes/" + request.instanceType())
            .putAllLabels(labels)
            .setTags(Tags.newBuilder().addItems(net.get(GcpNetwork.TARGET_TAG)))
            .addDisks(
                disk(params(name, Math.max(10, request.bootDiskGib()), diskType, labels)
                        .setSourceImage(image))
                    .setBoot(true))
            .addNetworkInterfaces(
                NetworkInterface.newBuilder()
                    .setNetwork(net.get(GcpNetwork.NETWORK))
                    .setSubnetwork(net.get(GcpNetwork.SUBNETWORK))
                    .addAccessConfigs(
                        AccessConfig.newBuilder()
                            .setName("External NAT")
                            .setType("ONE_TO_ONE_NAT")
                            .setNetworkTier("PREMIUM")))
            .setMetadata(metadata(request));
    if (dataDiskGib > 0 || request.dataDiskSnapshot() != null) {
      AttachedDiskInitializeParams.Builder data =
          params(name + "-data", dataDiskGib, diskType, labels);
      if (request.dataDiskSnapshot() != null) {
        data.setSourceSnapshot(GcpSnapshots.idOf(request.dataDiskSnapshot()).path());
      }
      b.addDisks(disk(data).setBoot(false).setDeviceName("nestlab-data"));
    }
    if (request.nestedVirtualization() && !series.metal()) {
      b.setAdvancedMachineFeatures(
          AdvancedMachineFeatures.newBuilder().setEnableNestedVirtualization(true));
      String platform = series.minCpuPlatform(true);
      if (platform != null) {
        b.setMinCpuPlatform(platform);
      }
    }
    if (series.shieldedVm()) {
      b.setShieldedInstanceConfig(
          ShieldedInstanceConfig.newBuilder()
              .setEnableSecureBoot(true)
              .setEnableVtpm(true)
              .setEnableIntegrityMonitoring(true));
    }
    if (serviceAccount != null) {
      // For gs:// media: the host reads a token from the metadata server. Read-only Cloud
      // Storage is the only scope, whatever roles the account holds (docs/design/0064).
      b.addServiceAccounts(
          ServiceAccount.newBuilder()
              .setEmail(serviceAccount)
              .addScopes(GcpSettings.STORAGE_READ_ONLY));
    }
    b.setScheduling(scheduling(request, series));
    return b.build();
  }

  /** A persistent, auto-deleted, read-write disk created with the instance. */
  private static AttachedDisk.Builder disk(AttachedDiskInitializeParams.Builder params) {
    return AttachedDisk.newBuilder()
        .setAutoDelete(true)
        .setType("PERSISTENT")
        .setMode("READ_WRITE")
        .setInitializeParams(params);
  }

  private static AttachedDiskInitializeParams.Builder params(
      String name, int gib, String diskType, Map<String, String> labels) {
    return AttachedDiskInitializeParams.newBuilder()
        .setDiskName(name)
        .setDiskSizeGb(gib)
        .setDiskType(diskType)
        .putAllLabels(labels);
  }

  static Scheduling scheduling(HostRequest request, MachineSeries series) {
    Scheduling.Builder s = Scheduling.newBuilder();
    if (request.market() == Market.SPOT) {
      s.setProvisioningModel("SPOT")
          .setInstanceTerminationAction("DELETE")
          .setAutomaticRestart(false)
          .setOnHostMaintenance("TERMINATE");
    } else {
      s.setProvisioningModel("STANDARD").setAutomaticRestart(true);
      s.setOnHostMaintenance(series.metal() ? "TERMINATE" : "MIGRATE");
    }
    Duration max = request.maxRunDuration();
    if (max != null && !max.isZero() && !max.isNegative()) {
      // The cloud-side TTL backstop: spot hosts are deleted, on-demand hosts stopped (their
      // disks stay, labelled, so the lab can be resumed or swept).
      s.setMaxRunDuration(
          com.google.cloud.compute.v1.Duration.newBuilder().setSeconds(max.toSeconds()));
      if (request.market() != Market.SPOT) {
        s.setInstanceTerminationAction("STOP");
      }
    }
    return s.build();
  }

  static Metadata metadata(HostRequest request) {
    Metadata.Builder m = Metadata.newBuilder();
    if (request.userDataSize() > 0) {
      m.addItems(Items.newBuilder().setKey("user-data").setValue(request.userDataText()));
      // Debian's GCE image has no cloud-init: its startup script installs it and applies user-data.
      m.addItems(
          Items.newBuilder()
              .setKey(GcpSettings.STARTUP_SCRIPT_KEY)
              .setValue(GcpSettings.startupScript()));
    }
    String lease = request.tags().get(LabTags.LEASE_UNTIL);
    if (lease != null) {
      m.addItems(Items.newBuilder().setKey(LabTags.LEASE_UNTIL).setValue(lease));
    }
    if (request.sshPublicKey() != null && !request.sshPublicKey().isBlank()) {
      m.addItems(
          Items.newBuilder()
              .setKey("ssh-keys")
              .setValue("nestlab:" + request.sshPublicKey().trim()));
      m.addItems(Items.newBuilder().setKey("block-project-ssh-keys").setValue("TRUE"));
      m.addItems(Items.newBuilder().setKey("enable-oslogin").setValue("FALSE"));
    }
    return m.build();
  }
}
