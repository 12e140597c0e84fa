package io.nestlab.spec;

import io.nestlab.spec.VsphereKnowledge.ApplianceSize;
import io.nestlab.spec.VsphereKnowledge.EsxiMinimum;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The moment of a vCenter major upgrade when the lab holds two appliances: {@code vcsa-deploy
 * upgrade} deploys the new appliance onto an ESXi host ({@code new_vcsa.esxi}; it cannot go onto
 * the L1 host's KVM), on a temporary address, copies the data over and only then switches off the
 * old one. Updates within a release family (7.0U2 to 7.0U3) patch the appliance in place and have
 * no such peak. The validator checks that the receiving host can hold the new appliance; the
 * planner sizes the L1 host for the peak.
 *
 * @param oldAppliance the appliance running now
 * @param oldPlacement where it runs: an ESXi host's name or {@code l1}
 * @param newAppliance the appliance the upgrade deploys (same size name, target version)
 * @param applianceHost the ESXi host receiving the new appliance
 * @param chosenByDefault true when {@code upgrade.applianceHost} is not given and the host with the
 *     most free memory was chosen
 * @param ownMemoryGib what ESXi keeps for itself on that host (before and after its upgrade)
 * @param residentsMemoryGib what the host's VMs (guests, the old appliance if it runs there) use
 * @param hostMemoryGib the host's memory as the lab gives it
 */
public record UpgradePeak(
    ApplianceSize oldAppliance,
    String oldPlacement,
    ApplianceSize newAppliance,
    String applianceHost,
    boolean chosenByDefault,
    int ownMemoryGib,
    int residentsMemoryGib,
    int hostMemoryGib) {

  /** The memory the receiving host needs at the peak: ESXi's own, its VMs', the new appliance's. */
  public int hostNeedGib() {
    return ownMemoryGib + residentsMemoryGib + newAppliance.memoryGib();
  }

  /** Whether the receiving host, as the lab gives it, holds the peak. */
  public boolean fits() {
    return hostNeedGib() <= hostMemoryGib;
  }

  /**
   * The peak of {@code spec}'s vCenter upgrade, with the shipped knowledge; empty when the lab has
   * no vCenter major upgrade or when its versions, size or hosts are unusable (the validator
   * reports those).
   */
  public static Optional<UpgradePeak> of(LabSpec spec) {
    return of(spec, VsphereKnowledge.embedded());
  }

  static Optional<UpgradePeak> of(LabSpec spec, VsphereKnowledge knowledge) {
    Optional<Versions> v = versions(spec);
    if (v.isEmpty() || spec.hosts().isEmpty()) {
      return Optional.empty();
    }
    VcenterSpec vc = spec.vcenter();
    Optional<ApplianceSize> before = knowledge.vcenterSize(v.get().from(), vc.size());
    Optional<ApplianceSize> after = knowledge.vcenterSize(v.get().to(), vc.size());
    if (before.isEmpty() || after.isEmpty()) {
      return Optional.empty();
    }
    int own = ownMemoryGib(spec, knowledge);
    Map<String, Integer> residents = residents(spec, before.get());
    String wanted = spec.upgrade().applianceHost();
    EsxiHost target = null;
    if (wanted != null) {
      for (EsxiHost h : spec.hosts()) {
        if (h.name().equals(wanted)) {
          target = h;
          break;
        }
      }
      if (target == null) {
        return Optional.empty(); // the validator names the hosts
      }
    } else {
      int bestFree = Integer.MIN_VALUE;
      for (EsxiHost h : spec.hosts()) {
        int free = h.memoryGib() - own - residents.getOrDefault(h.name(), 0);
        if (free > bestFree) {
          bestFree = free;
          target = h;
        }
      }
    }
    return Optional.of(
        new UpgradePeak(
            before.get(),
            vc.onL1() ? VcenterSpec.PLACEMENT_L1 : vc.placement(),
            after.get(),
            target.name(),
            wanted == null,
            own,
            residents.getOrDefault(target.name(), 0),
            target.memoryGib()));
  }

  /** Whether {@code spec} upgrades vCenter to another release family (a migration upgrade). */
  public static boolean isMigration(LabSpec spec) {
    return versions(spec).isPresent();
  }

  private record Versions(VsphereVersion from, VsphereVersion to) {}

  private static Optional<Versions> versions(LabSpec spec) {
    if (spec.vcenter() == null || spec.upgrade() == null) {
      return Optional.empty();
    }
    Optional<VsphereVersion> from = VsphereVersion.parse(spec.vcenter().version());
    Optional<VsphereVersion> to = VsphereVersion.parse(spec.upgrade().vcenterVersion());
    if (from.isEmpty() || to.isEmpty() || from.get().sameFamily(to.get())) {
      return Optional.empty();
    }
    if (!from.get().isOlderThan(to.get())) {
      return Optional.empty();
    }
    return Optional.of(new Versions(from.get(), to.get()));
  }

  /** What ESXi keeps for itself: the more of the hosts' version now and after their upgrade. */
  private static int ownMemoryGib(LabSpec spec, VsphereKnowledge knowledge) {
    int own = 0;
    for (String text :
        spec.upgrade().esxiVersion() == null
            ? List.of(String.valueOf(spec.esxi().version()))
            : List.of(String.valueOf(spec.esxi().version()), spec.upgrade().esxiVersion())) {
      own =
          Math.max(
              own,
              VsphereVersion.parse(text)
                  .flatMap(knowledge::esxiMinimum)
                  .map(EsxiMinimum::ownMemoryGib)
                  .orElse(0));
    }
    return own;
  }

  /** The memory each host's VMs use: its guests, and the old appliance on its host. */
  private static Map<String, Integer> residents(LabSpec spec, ApplianceSize old) {
    Map<String, Integer> used = new LinkedHashMap<>();
    VcenterSpec vc = spec.vcenter();
    if (!vc.onL1() && vc.placement() != null) {
      used.merge(vc.placement(), old.memoryGib(), Integer::sum);
    }
    for (GuestSpec g : spec.guests()) {
      if (g.host() != null && g.memoryGib() > 0) {
        used.merge(g.host(), g.memoryGib(), Integer::sum);
      }
    }
    return used;
  }
}
