package io.nestlab.spec;

import io.nestlab.Problem;
import io.nestlab.spec.VsphereKnowledge.EsxiMinimum;
import io.nestlab.spec.VsphereKnowledge.Product;
import java.util.List;

/**
 * The upgrade section's rules: target versions, supported paths and the order vCenter, then hosts.
 */
final class UpgradeRules extends SpecRules {
  private final MediaRules media;

  UpgradeRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
    this.media = new MediaRules(knowledge, problems);
  }

  void upgrade(LabSpec spec, VsphereVersion esxiVersion, VcenterRules.State vc) {
    UpgradeSpec up = spec.upgrade();
    if (up == null) {
      return;
    }
    if (up.esxiVersion() == null && up.vcenterVersion() == null) {
      add(
          "upgrade",
          "names no version; give upgrade.esxiVersion, upgrade.vcenterVersion or both, for"
              + " example 'upgrade: { esxiVersion: \"8.0U3\", vcenterVersion: \"8.0U3\" }'");
      return;
    }
    installers(up);
    // vCenter goes first, then the hosts: its problems come first too.
    int known = problems.size();
    VcenterTarget vcTarget = vcenterTarget(spec, vc);
    VsphereVersion esxiTarget = esxiTarget(spec, esxiVersion);
    order(esxiVersion, esxiTarget, vc, vcTarget);
    // a vCenter target fine in itself: then the placement is what stops it (one problem at a time
    // on upgrade.vcenterVersion)
    if (up.vcenterVersion() != null
        && spec.vcenter() != null
        && spec.vcenter().onL1()
        && !reportedSince(known, "upgrade.vcenterVersion")) {
      vcenterOnL1(spec);
    }
  }

  /** Whether a problem at {@code path} was reported after the first {@code from} problems. */
  private boolean reportedSince(int from, String path) {
    for (Problem p : problems.subList(from, problems.size())) {
      if (p.path().equals(path)) {
        return true;
      }
    }
    return false;
  }

  private void installers(UpgradeSpec up) {
    media.mediaRef("upgrade.esxiIso", up.esxiIso(), "the target ESXi installer ISO");
    media.mediaRef(
        "upgrade.vcsaIso", up.vcsaIso(), "the target vCenter Server appliance installer ISO");
    if (up.esxiIso() != null && up.esxiVersion() == null) {
      add("upgrade.esxiIso", "is only used with upgrade.esxiVersion; give that too, or drop it");
    }
    if (up.vcsaIso() != null && up.vcenterVersion() == null) {
      add("upgrade.vcsaIso", "is only used with upgrade.vcenterVersion; give that too, or drop it");
    }
    depot(up);
  }

  /** The offline bundle: a zip, for a host upgrade, instead of the ISO (design 0170). */
  private void depot(UpgradeSpec up) {
    MediaRef depot = up.esxiDepot();
    if (depot == null) {
      return;
    }
    media.mediaRef("upgrade.esxiDepot", depot, "the target ESXi offline bundle (.zip)");
    if (up.esxiVersion() == null) {
      add("upgrade.esxiDepot", "is only used with upgrade.esxiVersion; give that too, or drop it");
    }
    if (up.esxiIso() != null) {
      add(
          "upgrade.esxiDepot",
          "give upgrade.esxiIso or upgrade.esxiDepot, not both: with esxiIso each host boots the"
              + " target installer with an upgrade kickstart, with esxiDepot it runs 'esxcli"
              + " software profile update' from the offline bundle; drop the one you do not want");
    }
    String url = depot.url() == null ? "" : depot.url().replaceFirst("[?#].*$", "");
    if (!url.isBlank() && !url.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
      add(
          "upgrade.esxiDepot.url",
          "'"
              + depot.url()
              + "' is not a .zip: esxcli reads an ESXi offline bundle (for example"
              + " VMware-ESXi-8.0U3-24022510-depot.zip); give the bundle, or use upgrade.esxiIso"
              + " for an installer ISO");
    }
  }

  /**
   * A vCenter on the L1 host is a KVM domain: {@code vcsa-deploy upgrade} cannot manage it at the
   * switchover (design 0127, 0173), so its upgrade is refused with the two ways out.
   */
  private void vcenterOnL1(LabSpec spec) {
    add(
        "upgrade.vcenterVersion",
        "vCenter runs on the L1 host (vcenter.placement: l1), and vcsa-deploy upgrade cannot"
            + " switch over from an appliance it cannot manage (design 0127); place vCenter on"
            + " a nested host (vcenter.placement: "
            + (spec.hosts().isEmpty() ? "esx-01" : spec.hosts().get(0).name())
            + ", with the memory for it) to rehearse the vCenter upgrade, or drop"
            + " upgrade.vcenterVersion and upgrade.vcsaIso to upgrade the ESXi hosts only");
  }

  /** The ESXi target, or null when there is none or it is unusable. */
  private VsphereVersion esxiTarget(LabSpec spec, VsphereVersion esxiVersion) {
    UpgradeSpec up = spec.upgrade();
    VsphereVersion esxiTarget = null;
    if (up.esxiVersion() != null) {
      esxiTarget = version("upgrade.esxiVersion", up.esxiVersion(), "ESXi");
      if (esxiTarget != null && esxiVersion != null) {
        path("upgrade.esxiVersion", Product.ESXI, esxiVersion, esxiTarget);
        EsxiMinimum min = knowledge.esxiMinimum(esxiTarget).orElse(null);
        new HostRules(knowledge, problems)
            .hostSizes(spec.esxi(), min, esxiTarget, " (the upgrade target)");
      }
    }
    return esxiTarget;
  }

  /** The vCenter target and whether the path to it is supported. */
  private record VcenterTarget(VsphereVersion version, boolean pathOk) {}

  private VcenterTarget vcenterTarget(LabSpec spec, VcenterRules.State vc) {
    UpgradeSpec up = spec.upgrade();
    VsphereVersion vcTarget = null;
    boolean vcPathOk = false;
    if (up.vcenterVersion() != null) {
      if (spec.vcenter() == null) {
        add(
            "upgrade.vcenterVersion",
            "the lab has no vCenter to upgrade; add a 'vcenter' section or remove"
                + " upgrade.vcenterVersion");
      } else {
        vcTarget = version("upgrade.vcenterVersion", up.vcenterVersion(), "vCenter");
        if (vcTarget != null && vc != null && vc.version() != null) {
          vcPathOk = path("upgrade.vcenterVersion", Product.VCENTER, vc.version(), vcTarget);
          if (knowledge.vcenterSize(vcTarget, spec.vcenter().size()).isEmpty()
              && vc.size() != null) {
            add(
                "upgrade.vcenterVersion",
                "vCenter "
                    + vcTarget
                    + " has no '"
                    + spec.vcenter().size()
                    + "' size; use one of "
                    + String.join(" | ", knowledge.vcenterSizeNames(vcTarget)));
          }
        }
      }
    }
    return new VcenterTarget(vcTarget, vcPathOk);
  }

  /** vCenter goes first: it must manage the hosts before and after their upgrade. */
  private void order(
      VsphereVersion esxiVersion,
      VsphereVersion esxiTarget,
      VcenterRules.State vc,
      VcenterTarget target) {
    VsphereVersion vcTarget = target.version();
    boolean vcPathOk = target.pathOk();
    VsphereVersion vcAfter = vcTarget != null ? vcTarget : vc == null ? null : vc.version();
    VsphereVersion esxiAfter = esxiTarget != null ? esxiTarget : esxiVersion;
    if (vcAfter != null && esxiAfter != null && vcAfter.isOlderThan(esxiAfter)) {
      if (vcTarget != null) {
        add(
            "upgrade.vcenterVersion",
            "after the upgrade vCenter "
                + vcAfter
                + " would be older than ESXi "
                + esxiAfter
                + "; upgrade vCenter to "
                + esxiAfter
                + " or later");
      } else if (esxiTarget != null) {
        add(
            "upgrade.esxiVersion",
            "after the upgrade the ESXi hosts ("
                + esxiAfter
                + ") would be newer than vCenter "
                + vcAfter
                + "; add 'vcenterVersion: \""
                + esxiAfter
                + "\"' to upgrade (vCenter goes first)");
      }
    } else if (vcPathOk
        && esxiVersion != null
        && !vcTarget.isOlderThan(esxiVersion)
        && !knowledge.manages(vcTarget, esxiVersion)) {
      add(
          "upgrade.vcenterVersion",
          "vCenter "
              + vcTarget
              + " cannot manage the ESXi "
              + esxiVersion
              + " hosts while they wait for their upgrade (vCenter goes first; it manages ESXi "
              + String.join(", ", knowledge.managedEsxiFamilies(vcTarget))
              + "); rehearse an upgrade to an ESXi version it manages first");
    }
  }

  /** Whether {@code from -> to} is a direct upgrade; reports why not and the supported route. */
  private boolean path(String field, Product product, VsphereVersion from, VsphereVersion to) {
    String name = product == Product.ESXI ? "ESXi" : "vCenter";
    if (!from.isOlderThan(to)) {
      add(
          field,
          name
              + " "
              + to
              + " is not newer than the lab's "
              + from
              + "; an upgrade goes to a later version");
      return false;
    }
    UpgradeCheck check = knowledge.checkUpgrade(product, from, to);
    if (check.supported()) {
      return true;
    }
    String head = "vSphere has no direct upgrade from " + name + " " + from + " to " + to;
    if (check.route().size() < 3) {
      add(
          field,
          head
              + "; rehearse an upgrade vSphere supports, for example to the latest update of "
              + from.family());
      return false;
    }
    VsphereVersion mid = check.route().get(1);
    add(
        field,
        head
            + "; go through "
            + mid
            + " first: rehearse "
            + from
            + " -> "
            + mid
            + ", then "
            + mid
            + " -> "
            + to
            + " (each time vCenter first, then the hosts)");
    return false;
  }
}
