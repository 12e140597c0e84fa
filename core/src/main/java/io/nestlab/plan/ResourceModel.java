package io.nestlab.plan;

import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.GuestSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.PolicySpec;
import io.nestlab.spec.UpgradePeak;
import io.nestlab.spec.VcenterSpec;
import io.nestlab.spec.VsphereKnowledge;
import io.nestlab.spec.VsphereKnowledge.ApplianceSize;
import io.nestlab.spec.VsphereVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How much of an L1 host a lab needs: the resource model of docs/cost-model.md, with every constant
 * named here. vCenter and guests live inside the ESXi host that carries them, so they need no L1
 * vCPUs or memory of their own (unless vCenter is placed on {@code l1}); their disks still grow the
 * L1 data disk, because every nested disk is thin on thin.
 */
public final class ResourceModel {
  /** vCPUs kept for the L1 host's own OS, libvirt and QEMU I/O threads. */
  public static final int L1_RESERVED_VCPUS = 1;

  /** Memory for the L1 host's Linux, libvirt, dnsmasq and page cache floor. */
  public static final double L1_OS_MEMORY_GIB = 2.0;

  /**
   * The share of an instance's nominal memory the L1 host's Linux cannot give to its guests, on top
   * of {@link #L1_OS_MEMORY_GIB}: the kernel's page descriptors ({@code struct page}, 64 bytes per
   * 4 KiB page = 1.5625% of memory on x86-64), plus firmware-reserved ranges, the kernel image, the
   * crash kernel and per-CPU areas, which make {@code MemTotal} of a cloud VM about 2-5% below its
   * nominal size. 4% keeps every planned host clear of that gap; see docs/cost-model.md ("Memory
   * headroom") and design note 0102.
   */
  public static final double NOMINAL_MEMORY_UNUSABLE_FRACTION = 0.04;

  /** QEMU's own memory per KVM guest (device emulation, EPT tables, buffers). */
  public static final double QEMU_OVERHEAD_GIB_PER_VM = 0.5;

  /** The L1 host's boot disk: OS, libvirt, packages, logs. */
  public static final int L1_BOOT_DISK_GIB = 30;

  /** What a fresh ESXi install writes to its (thin) boot disk. */
  public static final double ESXI_INSTALL_USED_GIB = 8.0;

  /** How much of a guest's provisioned disk is assumed written. */
  public static final double GUEST_THIN_FRACTION = 0.5;

  /** One ESXi installer ISO in the L1 media cache. */
  public static final double ESXI_ISO_GIB = 1.0;

  /** One vCenter Server appliance installer ISO in the L1 media cache. */
  public static final double VCSA_ISO_GIB = 13.0;

  /** Safety margin on the thin-usage estimate, for growth during a session. */
  public static final double DISK_GROWTH_MARGIN = 0.25;

  /** Data disks are sized in steps of this many GiB. */
  public static final int DISK_STEP_GIB = 10;

  /**
   * What pooling local NVMe costs, in GiB, taken off a type's instance storage: the L1 host puts
   * every local disk in one LVM volume group (docs/design/0165), whose labels, metadata and extent
   * rounding take under 5 MiB a disk, so 1 GiB covers up to 200 disks.
   */
  public static final int LOCAL_POOL_RESERVE_GIB = 1;

  /** The largest single data disk NestLab provisions (EBS gp3 allows 16 TiB). */
  public static final int MAX_DATA_DISK_GIB = 16_384;

  /**
   * The thin usage (GiB) assumed right after a vCenter Server appliance is deployed, by size (its
   * provisioned storage is far larger). Its vCPUs and memory come from {@link VsphereKnowledge}.
   */
  public static final Map<String, Double> VCSA_THIN_USED_GIB =
      Map.of("tiny", 40.0, "small", 45.0, "medium", 55.0, "large", 70.0, "xlarge", 90.0);

  private ResourceModel() {}

  /** What {@code spec} needs from its L1 host. */
  public static Requirements requirements(LabSpec spec) {
    PolicySpec policy = spec.policy();
    double memOver = policy.memoryOvercommit() > 0 ? policy.memoryOvercommit() : 1.0;
    double cpuOver = policy.cpuOvercommit() > 0 ? policy.cpuOvercommit() : 1.0;

    int nestedVcpus = 0;
    int largestVm = 0;
    double nestedMemory = 0;
    int vms = 0;
    double diskUsed = 0;
    double diskProvisioned = 0;
    Optional<UpgradePeak> peak = UpgradePeak.of(spec);
    for (EsxiHost h : spec.hosts()) {
      nestedVcpus += h.cpus();
      largestVm = Math.max(largestVm, h.cpus());
      nestedMemory += peakMemoryGib(h, peak);
      vms++;
      diskUsed += Math.min(ESXI_INSTALL_USED_GIB, h.bootDiskGib());
      diskProvisioned += h.bootDiskGib() + h.datastoreDiskGib();
    }
    double media = spec.hosts().isEmpty() ? 0 : ESXI_ISO_GIB;
    VcenterSpec vc = spec.vcenter();
    if (vc != null) {
      double thin = VCSA_THIN_USED_GIB.getOrDefault(sizeName(vc.size()), 40.0);
      diskUsed += thin;
      media += VCSA_ISO_GIB;
      if (VcenterSpec.PLACEMENT_L1.equals(vc.placement())) {
        // In a major upgrade the new appliance goes onto an ESXi host: l1 keeps the old one.
        ApplianceSize size = peak.map(UpgradePeak::oldAppliance).orElseGet(() -> vcsaSize(spec));
        nestedVcpus += size.cpus();
        largestVm = Math.max(largestVm, size.cpus());
        nestedMemory += size.memoryGib();
        vms++;
        diskProvisioned += thin;
      }
    }
    for (GuestSpec g : spec.guests()) {
      diskUsed += g.diskGib() * GUEST_THIN_FRACTION;
    }
    if (spec.upgrade() != null) {
      if (spec.upgrade().esxiVersion() != null) {
        media += ESXI_ISO_GIB;
      }
      if (spec.upgrade().vcenterVersion() != null && vc != null) {
        media += VCSA_ISO_GIB;
      }
    }
    List<String> notes = new ArrayList<>();
    if (peak.isPresent()) {
      double thin = VCSA_THIN_USED_GIB.getOrDefault(sizeName(vc.size()), 40.0);
      diskUsed += thin;
      notes.add(peakNote(spec, peak.get(), thin));
    }
    // Thin usage never exceeds what is provisioned inside the ESXi datastores.
    double estimate = Math.max(0, Math.min(diskUsed, diskProvisioned)) + media;
    int dataDisk = roundUp(estimate * (1 + DISK_GROWTH_MARGIN), DISK_STEP_GIB);
    double l1Vcpus = nestedVcpus / cpuOver + L1_RESERVED_VCPUS;
    double l1Memory = nestedMemory / memOver + L1_OS_MEMORY_GIB + vms * QEMU_OVERHEAD_GIB_PER_VM;
    return new Requirements(
        nestedVcpus,
        largestVm,
        nestedMemory,
        vms,
        l1Vcpus,
        l1Memory,
        estimate,
        dataDisk,
        L1_BOOT_DISK_GIB,
        notes);
  }

  /**
   * A host's memory as planned: the lab's figure, or, for the host receiving a major upgrade's new
   * appliance, at least what it needs at the peak (the validator asks the lab for that too).
   */
  private static int peakMemoryGib(EsxiHost h, Optional<UpgradePeak> peak) {
    if (peak.isPresent() && peak.get().applianceHost().equals(h.name())) {
      return Math.max(h.memoryGib(), peak.get().hostNeedGib());
    }
    return h.memoryGib();
  }

  private static String peakNote(LabSpec spec, UpgradePeak p, double thinGib) {
    String host = p.applianceHost();
    return "sized for the vCenter upgrade's peak, when the old "
        + spec.vcenter().version()
        + " "
        + p.oldAppliance().size()
        + " appliance ("
        + p.oldAppliance().memoryGib()
        + " GiB, on "
        + p.oldPlacement()
        + ") and the new "
        + spec.upgrade().vcenterVersion()
        + " one ("
        + p.newAppliance().memoryGib()
        + " GiB, deployed onto "
        + host
        + ") run at once: "
        + host
        + " counted at "
        + Math.max(p.hostMemoryGib(), p.hostNeedGib())
        + " GiB"
        + (p.fits()
            ? ""
            : " (the lab gives it " + p.hostMemoryGib() + " GiB; validate asks for more)")
        + ", and "
        + fmt(thinGib)
        + " GiB more on the data disk";
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /**
   * The GiB of lab data a type's local NVMe holds on the L1 host: all of its instance-store disks,
   * pooled into one volume by the bootstrap's {@code prepare_storage}, less {@link
   * #LOCAL_POOL_RESERVE_GIB}; 0 for a type whose local disks NestLab does not use (a VM type, whose
   * plan always has a data disk) or that has none.
   */
  public static int localDataGib(io.nestlab.catalog.InstanceType type) {
    return type.metal() && type.localStorageGib() > LOCAL_POOL_RESERVE_GIB
        ? type.localStorageGib() - LOCAL_POOL_RESERVE_GIB
        : 0;
  }

  /**
   * The part of an instance's nominal memory that the lab can use (see {@link
   * #NOMINAL_MEMORY_UNUSABLE_FRACTION}).
   */
  public static double usableMemoryGib(double nominalGib) {
    return nominalGib * (1 - NOMINAL_MEMORY_UNUSABLE_FRACTION);
  }

  /** The least nominal memory whose usable part is {@code usableGib}. */
  public static double nominalMemoryGib(double usableGib) {
    return usableGib / (1 - NOMINAL_MEMORY_UNUSABLE_FRACTION);
  }

  /**
   * The appliance on L1 is sized for the newest version of the lab's life: an upgrade rehearsal
   * deploys the target version's appliance (8.0 tiny needs 14 GiB, 7.0 tiny 12).
   */
  static ApplianceSize vcsaSize(LabSpec spec) {
    VcenterSpec vc = spec.vcenter();
    String size = sizeName(vc.size());
    VsphereKnowledge k = VsphereKnowledge.embedded();
    Optional<VsphereVersion> current = VsphereVersion.parse(vc.version());
    Optional<VsphereVersion> target =
        spec.upgrade() == null
            ? Optional.empty()
            : VsphereVersion.parse(spec.upgrade().vcenterVersion());
    Optional<VsphereVersion> newest =
        target.isPresent() && (current.isEmpty() || current.get().isOlderThan(target.get()))
            ? target
            : current;
    return newest
        .flatMap(v -> k.vcenterSize(v, size))
        // An unknown version or size (the validator reports it) is planned as 8.0 tiny.
        .orElseGet(() -> new ApplianceSize("8.0", "tiny", 2, 14, true, "NestLab's fallback"));
  }

  private static String sizeName(String size) {
    return size == null ? "tiny" : size.toLowerCase(Locale.ROOT);
  }

  static int roundUp(double value, int step) {
    return (int) (Math.ceil(value / step - 1e-9) * step);
  }
}
