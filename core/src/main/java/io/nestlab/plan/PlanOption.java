package io.nestlab.plan;

import io.nestlab.catalog.HostKind;
import io.nestlab.catalog.Market;
import io.nestlab.catalog.SupportLevel;
import io.nestlab.cost.Money;
import java.util.List;

/**
 * One place a lab can run, with its cost. A plan lists every feasible option ranked by hourly cost;
 * creating a lab executes one of them.
 *
 * @param provider provider id, {@code aws} or {@code gcp}
 * @param region the provider's region
 * @param instanceType instance or machine type, for example {@code c8i.4xlarge} or {@code
 *     n2-custom-16-131072}
 * @param kind metal or nested-virtualization VM
 * @param nestingDepth the nesting level at which ESXi's own VMs run: 2 on metal, 3 on a VM
 * @param vcpus the L1 host's vCPUs
 * @param memoryGib the L1 host's memory
 * @param bootDiskGib the L1 host's boot disk
 * @param dataDiskGib the L1 host's data disk for nested disks and media (0 when local NVMe is used)
 * @param hourly total cost per hour; the sum of {@code breakdown}
 * @param session cost of one session (the spec's TTL, or the requested hours)
 * @param monthly cost of a 730-hour month
 * @param notes what to know before choosing it, for example that its CPU is deprecated in the lab's
 *     ESXi version ("warning: ...") or that NestLab has no statement on it ("note: ...")
 */
public record PlanOption(
    String provider,
    String region,
    String instanceType,
    Market market,
    HostKind kind,
    int nestingDepth,
    SupportLevel support,
    int vcpus,
    double memoryGib,
    int bootDiskGib,
    int dataDiskGib,
    Money hourly,
    Money session,
    Money monthly,
    List<CostLine> breakdown,
    Headroom headroom,
    List<String> notes) {

  public PlanOption {
    breakdown = List.copyOf(breakdown);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** An option without notes. */
  public PlanOption(
      String provider,
      String region,
      String instanceType,
      Market market,
      HostKind kind,
      int nestingDepth,
      SupportLevel support,
      int vcpus,
      double memoryGib,
      int bootDiskGib,
      int dataDiskGib,
      Money hourly,
      Money session,
      Money monthly,
      List<CostLine> breakdown,
      Headroom headroom) {
    this(
        provider,
        region,
        instanceType,
        market,
        kind,
        nestingDepth,
        support,
        vcpus,
        memoryGib,
        bootDiskGib,
        dataDiskGib,
        hourly,
        session,
        monthly,
        breakdown,
        headroom,
        List.of());
  }

  /** Whether the L1 host needs the nested-virtualization flag at launch. */
  public boolean nestedVirtualization() {
    return kind == HostKind.NESTED;
  }
}
