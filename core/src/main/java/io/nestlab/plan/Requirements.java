package io.nestlab.plan;

import java.util.List;

/**
 * What a lab needs from its L1 host, after the resource model (see {@link ResourceModel}).
 *
 * @param nestedVcpus vCPUs of all KVM guests on the L1 host (ESXi hosts, and vCenter when placed on
 *     L1)
 * @param largestVmVcpus the most vCPUs any one KVM guest has; the L1 host needs at least that many
 * @param nestedMemoryGib memory of all KVM guests on the L1 host
 * @param kvmGuests how many KVM guests the L1 host runs
 * @param l1Vcpus L1 vCPUs needed: nested vCPUs / CPU overcommit + reserved
 * @param l1MemoryGib L1 memory needed: nested memory / memory overcommit + OS + QEMU per guest
 * @param diskEstimateGib thin usage estimate of nested disks plus the media cache
 * @param dataDiskGib the data disk to provision: the estimate plus margin, rounded up
 * @param bootDiskGib the L1 boot disk
 * @param notes what the figures are sized for beyond the lab's steady state, one sentence each (for
 *     example the peak of a vCenter upgrade, when old and new appliance run at once); empty when
 *     nothing
 */
public record Requirements(
    int nestedVcpus,
    int largestVmVcpus,
    double nestedMemoryGib,
    int kvmGuests,
    double l1Vcpus,
    double l1MemoryGib,
    double diskEstimateGib,
    int dataDiskGib,
    int bootDiskGib,
    List<String> notes) {

  public Requirements {
    notes = List.copyOf(notes);
  }

  /** Requirements without notes. */
  public Requirements(
      int nestedVcpus,
      int largestVmVcpus,
      double nestedMemoryGib,
      int kvmGuests,
      double l1Vcpus,
      double l1MemoryGib,
      double diskEstimateGib,
      int dataDiskGib,
      int bootDiskGib) {
    this(
        nestedVcpus,
        largestVmVcpus,
        nestedMemoryGib,
        kvmGuests,
        l1Vcpus,
        l1MemoryGib,
        diskEstimateGib,
        dataDiskGib,
        bootDiskGib,
        List.of());
  }
}
