package io.nestlab.spec;

import io.nestlab.Problem;
import io.nestlab.spec.VsphereKnowledge.ApplianceSize;
import io.nestlab.spec.VsphereKnowledge.EsxiMinimum;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whether each ESXi host can hold the VMs placed on it: memory, vCPUs and datastore. */
final class FitRules extends SpecRules {
  FitRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
  }

  private final Map<String, Integer> memory = new HashMap<>();
  private final Map<String, Integer> disk = new HashMap<>();
  private final Map<String, List<String>> residents = new HashMap<>();

  /** Whether each host can hold the VMs placed on it: vCenter first, then guests in order. */
  void fit(LabSpec spec, List<EsxiHost> hosts, VsphereVersion esxiVersion, VcenterRules.State vc) {
    if (hosts.isEmpty() || esxiVersion == null) {
      return;
    }
    int own = ownMemoryGib(spec, esxiVersion);
    Map<String, EsxiHost> byName = new LinkedHashMap<>();
    hosts.forEach(h -> byName.put(h.name(), h));
    if (vc != null && vc.valid() && vc.placement() != null && byName.containsKey(vc.placement())) {
      appliance(spec, vc, byName.get(vc.placement()), own);
    }
    for (int i = 0; i < spec.guests().size(); i++) {
      GuestSpec g = spec.guests().get(i);
      EsxiHost h = byName.get(g.host());
      if (h == null || g.memoryGib() < 1 || g.cpus() < 1 || g.diskGib() < 1) {
        continue;
      }
      String path = "guests[" + i + "]";
      String gname = g.name() == null ? path : g.name();
      guestCpus(path, g, h);
      guestMemory(path, gname, g, h, own);
      guestDisk(path, gname, g, h);
    }
  }

  /** What ESXi keeps for itself on each host: the more of the version now and after the upgrade. */
  private int ownMemoryGib(LabSpec spec, VsphereVersion esxiVersion) {
    int own = knowledge.esxiMinimum(esxiVersion).map(EsxiMinimum::ownMemoryGib).orElse(0);
    if (spec.upgrade() != null && spec.upgrade().esxiVersion() != null) {
      own =
          Math.max(
              own,
              VsphereVersion.parse(spec.upgrade().esxiVersion())
                  .flatMap(knowledge::esxiMinimum)
                  .map(EsxiMinimum::ownMemoryGib)
                  .orElse(0));
    }
    return own;
  }

  /** The other fix, l1, unless the lab upgrades vCenter, which l1 rules out (design 0173). */
  private static String orL1(LabSpec spec) {
    return spec.upgrade() != null && spec.upgrade().vcenterVersion() != null
        ? ""
        : " or place vCenter on 'l1'";
  }

  private void appliance(LabSpec spec, VcenterRules.State vc, EsxiHost h, int own) {
    ApplianceSize size = largestAppliance(spec, vc);
    String what = "the vCenter " + vc.version() + " " + size.size() + " appliance";
    if (size != vc.size()) {
      what = "the vCenter " + size.family() + " " + size.size() + " appliance (after the upgrade)";
    }
    if (size.cpus() > h.cpus()) {
      add(
          "vcenter.placement",
          what
              + " needs "
              + size.cpus()
              + " vCPUs but "
              + h.name()
              + " has "
              + h.cpus()
              + "; give "
              + h.name()
              + " at least "
              + size.cpus()
              + " vCPUs"
              + orL1(spec));
    }
    if (h.datastoreDiskGib() == 0) {
      add(
          "vcenter.placement",
          what
              + " needs a datastore on "
              + h.name()
              + ", which has none (datastoreDiskGib: 0); give it one (esxi.overrides: { "
              + h.name()
              + ": { datastoreDiskGib: 100 } })"
              + orL1(spec));
    }
    if (size.memoryGib() + own > h.memoryGib()) {
      add(
          "vcenter.placement",
          shortfall(what, size.memoryGib(), own, h)
              + "; give it at least "
              + (size.memoryGib() + own)
              + " GiB (esxi.overrides: { "
              + h.name()
              + ": { memoryGib: "
              + (size.memoryGib() + own)
              + " } })"
              + orL1(spec));
    } else {
      memory.put(h.name(), size.memoryGib());
      residents.computeIfAbsent(h.name(), k -> new ArrayList<>()).add("vCenter");
    }
  }

  private void guestCpus(String path, GuestSpec g, EsxiHost h) {
    if (g.cpus() > h.cpus()) {
      add(
          path + ".cpus",
          g.cpus()
              + " vCPUs exceed the "
              + h.cpus()
              + " vCPUs of "
              + h.name()
              + "; a VM cannot have more vCPUs than its host: lower it or give "
              + h.name()
              + " more");
    }
  }

  private void guestMemory(String path, String gname, GuestSpec g, EsxiHost h, int own) {
    int used = memory.getOrDefault(h.name(), 0);
    if ((long) used + g.memoryGib() + own > h.memoryGib()) {
      List<String> others = residents.getOrDefault(h.name(), List.of());
      int need = used + g.memoryGib() + own;
      add(
          path + ".memoryGib",
          h.name()
              + " cannot hold "
              + gname
              + ": "
              + (others.isEmpty()
                  ? ""
                  : String.join(", ", others) + " already use " + used + " GiB, ")
              + shortfall(gname, g.memoryGib(), own, h)
              + "; give "
              + h.name()
              + " at least "
              + need
              + " GiB, make the guest smaller, or place it on another host");
    } else {
      memory.put(h.name(), used + g.memoryGib());
      residents.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(gname);
    }
  }

  private void guestDisk(String path, String gname, GuestSpec g, EsxiHost h) {
    int usedDisk = disk.getOrDefault(h.name(), 0);
    if ((long) usedDisk + g.diskGib() > h.datastoreDiskGib()) {
      add(
          path + ".diskGib",
          gname
              + "'s "
              + g.diskGib()
              + " GiB disk does not fit on "
              + h.name()
              + "'s datastore ("
              + h.datastoreDiskGib()
              + " GiB, "
              + usedDisk
              + " GiB already used by other guests); raise its datastoreDiskGib to at least "
              + (usedDisk + g.diskGib())
              + " or place the guest on another host");
    } else {
      disk.put(h.name(), usedDisk + g.diskGib());
    }
  }

  private static String shortfall(String what, int needGib, int ownGib, EsxiHost host) {
    return what
        + " needs "
        + needGib
        + " GiB and ESXi keeps "
        + ownGib
        + " GiB for itself, but "
        + host.name()
        + " has "
        + host.memoryGib()
        + " GiB";
  }

  /** The bigger of the appliance now and after its upgrade: the host must hold both. */
  private ApplianceSize largestAppliance(LabSpec spec, VcenterRules.State vc) {
    ApplianceSize size = vc.size();
    if (spec.upgrade() != null && spec.upgrade().vcenterVersion() != null) {
      Optional<ApplianceSize> after =
          VsphereVersion.parse(spec.upgrade().vcenterVersion())
              .flatMap(v -> knowledge.vcenterSize(v, spec.vcenter().size()));
      if (after.isPresent() && after.get().memoryGib() > size.memoryGib()) {
        return after.get();
      }
    }
    return size;
  }
}
