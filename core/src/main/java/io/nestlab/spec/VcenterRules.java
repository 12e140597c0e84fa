package io.nestlab.spec;

import io.nestlab.Problem;
import io.nestlab.spec.VsphereKnowledge.ApplianceSize;
import java.util.ArrayList;
import java.util.List;

/** The vCenter section's rules: version, appliance size, which ESXi it manages, placement. */
final class VcenterRules extends SpecRules {
  VcenterRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
  }

  /** What the validator learnt about vCenter, for the later fit and upgrade checks. */
  record State(VsphereVersion version, String placement, ApplianceSize size, boolean valid) {}

  State vcenter(LabSpec spec, VsphereVersion esxiVersion, List<EsxiHost> hosts) {
    VcenterSpec vc = spec.vcenter();
    if (vc == null) {
      return null;
    }
    VsphereVersion version =
        esxiVersion == null && vc.version() != null && vc.version().equals(spec.esxi().version())
            ? null
            : version("vcenter.version", vc.version(), "vCenter");
    ApplianceSize size = null;
    if (version != null) {
      List<String> sizes = knowledge.vcenterSizeNames(version);
      size = knowledge.vcenterSize(version, vc.size()).orElse(null);
      if (size == null) {
        add(
            "vcenter.size",
            "'"
                + vc.size()
                + "' is not a vCenter "
                + version.family()
                + " appliance size; use one of "
                + String.join(" | ", sizes)
                + Suggestions.hint(vc.size(), sizes));
      }
      if (esxiVersion != null) {
        if (version.isOlderThan(esxiVersion)) {
          add(
              "vcenter.version",
              "vCenter "
                  + version
                  + " is older than the ESXi hosts ("
                  + esxiVersion
                  + "); vCenter must be the same version or newer: set it to "
                  + esxiVersion
                  + " or later");
        } else if (!knowledge.manages(version, esxiVersion)) {
          add(
              "vcenter.version",
              "vCenter "
                  + version
                  + " cannot manage ESXi "
                  + esxiVersion
                  + " hosts (it manages ESXi "
                  + String.join(", ", knowledge.managedEsxiFamilies(version))
                  + "); pick versions that work together");
        }
      }
    }
    String placement = vc.placement();
    List<String> names = names(hosts);
    if (!vc.onL1() && !names.isEmpty() && !names.contains(placement)) {
      List<String> choices = new ArrayList<>(names);
      choices.add(VcenterSpec.PLACEMENT_L1);
      add(
          "vcenter.placement",
          "there is no host '"
              + placement
              + "'; place vCenter on one of the ESXi hosts ("
              + range(names)
              + ") or on 'l1' (beside the hosts, on the cloud instance)"
              + Suggestions.hint(placement, choices));
      placement = null;
    }
    return new State(version, placement, size, version != null && size != null);
  }
}
