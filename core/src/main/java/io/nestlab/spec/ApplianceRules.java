package io.nestlab.spec;

import io.nestlab.Problem;
import java.util.List;

/**
 * The second appliance of a vCenter major upgrade ({@link UpgradePeak}): {@code
 * upgrade.applianceHost} names a host of the lab, and the receiving host holds the new appliance
 * next to what it already runs; otherwise the problem names the override that fixes it.
 */
final class ApplianceRules extends SpecRules {
  static final String PATH = "upgrade.applianceHost";

  ApplianceRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
  }

  void appliance(LabSpec spec, List<EsxiHost> hosts, VcenterRules.State vc) {
    UpgradeSpec up = spec.upgrade();
    if (up == null || hosts.isEmpty()) {
      return;
    }
    String wanted = up.applianceHost();
    List<String> names = names(hosts);
    if (wanted != null && !names.contains(wanted)) {
      add(
          PATH,
          "there is no host '"
              + wanted
              + "'; the new vCenter appliance goes onto one of the ESXi hosts ("
              + range(names)
              + "), or leave applianceHost out for the one with the most free memory"
              + Suggestions.hint(wanted, names));
      return;
    }
    boolean migration = UpgradePeak.isMigration(spec);
    if (wanted != null && !migration) {
      add(
          PATH,
          "is only used by a vCenter major upgrade (upgrade.vcenterVersion in a later release"
              + " family than vcenter.version, such as 7.0U3 -> 8.0U3), which deploys a new"
              + " appliance; drop it");
      return;
    }
    if (!migration
        || vc == null
        || !vc.valid()
        || reported(p -> p.equals("upgrade.vcenterVersion"))) {
      return; // no major upgrade, or one the problems already reported refuse
    }
    if (reported(p -> p.equals("vcenter.placement"))) {
      return; // the appliance's host is already too small for the old appliance: fix that first
    }
    UpgradePeak peak = UpgradePeak.of(spec, knowledge).orElse(null);
    if (peak == null) {
      return;
    }
    for (EsxiHost host : hosts) {
      if (host.name().equals(peak.applianceHost())) {
        receivingHost(spec, peak, host);
        return;
      }
    }
    throw new IllegalStateException("no host " + peak.applianceHost());
  }

  /** Whether the host receiving the new appliance has the memory, vCPUs and datastore for it. */
  private void receivingHost(LabSpec spec, UpgradePeak peak, EsxiHost host) {
    String what =
        "the upgrade deploys a second vCenter appliance ("
            + spec.upgrade().vcenterVersion()
            + " "
            + peak.newAppliance().size()
            + ") onto "
            + host.name()
            + (peak.chosenByDefault() ? " (the host with the most free memory)" : "")
            + " while the old one still runs";
    if (!peak.fits()) {
      add(
          PATH,
          what
              + ": it needs "
              + peak.newAppliance().memoryGib()
              + " GiB, ESXi keeps "
              + peak.ownMemoryGib()
              + " GiB and the host's VMs use "
              + peak.residentsMemoryGib()
              + " GiB, but "
              + host.name()
              + " has "
              + host.memoryGib()
              + " GiB; give it "
              + peak.hostNeedGib()
              + " GiB (esxi.overrides: { "
              + host.name()
              + ": { memoryGib: "
              + peak.hostNeedGib()
              + " } }"
              + (peak.chosenByDefault()
                  ? " and upgrade.applianceHost: " + host.name() + " to keep it the target"
                  : "")
              + ") or name a bigger host in upgrade.applianceHost");
    }
    if (peak.newAppliance().cpus() > host.cpus()) {
      add(
          PATH,
          what
              + ": it needs "
              + peak.newAppliance().cpus()
              + " vCPUs but "
              + host.name()
              + " has "
              + host.cpus()
              + "; give it "
              + peak.newAppliance().cpus()
              + " (esxi.overrides: { "
              + host.name()
              + ": { cpus: "
              + peak.newAppliance().cpus()
              + " } })");
    }
    if (host.datastoreDiskGib() == 0) {
      add(
          PATH,
          what
              + ": it needs a datastore on "
              + host.name()
              + ", which has none; give it one (esxi.overrides: { "
              + host.name()
              + ": { datastoreDiskGib: 100 } })");
    }
  }
}
