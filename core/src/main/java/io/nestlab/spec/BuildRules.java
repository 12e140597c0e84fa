package io.nestlab.spec;

import io.nestlab.Problem;
import io.nestlab.spec.VsphereKnowledge.Product;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upgrade checks by build, where the installers' file names say which builds they are (VMware names
 * them {@code VMware-VMvisor-Installer-8.0U3e-24674464.x86_64.iso}, {@code
 * VMware-VCSA-all-8.0.3-24022515.iso}, {@code
 * VMware-VMvisor-Installer-9.0.0.0.24755229.x86_64.iso}): a target installer of another version
 * than the one the lab names, and a target released before the source build ("back in time"), are
 * refused. An installer whose build NestLab does not know is not checked.
 */
final class BuildRules extends SpecRules {
  // 9.x names put a dot before the build (VMware-VMvisor-Installer-9.0.0.0.24755229.x86_64.iso)
  // and offline bundles end in -depot.zip (VMware-ESXi-9.0.1.0.24957456-depot.zip)
  private static final Pattern BUILD =
      Pattern.compile("[-.](\\d{7,9})(?:\\.x86_64|-depot)?\\.(?:iso|zip)$");

  BuildRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
  }

  void builds(LabSpec spec) {
    UpgradeSpec up = spec.upgrade();
    if (up == null) {
      return;
    }
    // vCenter first, then the hosts
    if (spec.vcenter() != null && !reported(p -> p.startsWith("upgrade.vcenterVersion"))) {
      check(
          Product.VCENTER,
          spec.media().vcsaIso(),
          up.vcsaIso(),
          up.vcenterVersion(),
          "upgrade.vcsaIso");
    }
    if (!reported(p -> p.startsWith("upgrade.esxiVersion"))) {
      check(
          Product.ESXI, spec.media().esxiIso(), up.esxiIso(), up.esxiVersion(), "upgrade.esxiIso");
      check(
          Product.ESXI,
          spec.media().esxiIso(),
          up.esxiDepot(),
          up.esxiVersion(),
          "upgrade.esxiDepot");
    }
  }

  private void check(
      Product product, MediaRef source, MediaRef target, String targetVersion, String path) {
    if (targetVersion == null || reported(p -> p.startsWith(path))) {
      return;
    }
    Optional<VsphereRelease> to = release(product, target);
    Optional<VsphereVersion> declared = VsphereVersion.parse(targetVersion);
    if (to.isEmpty() || declared.isEmpty()) {
      return;
    }
    if (!to.get().version().equals(declared.get())) {
      add(
          path + ".url",
          "the installer is "
              + to.get().describe()
              + ", not the "
              + targetVersion
              + " the upgrade names; use a "
              + targetVersion
              + " installer or set the version to "
              + to.get().version());
      return;
    }
    Optional<VsphereRelease> from = release(product, source);
    if (from.isEmpty()) {
      return;
    }
    UpgradeCheck c = knowledge.checkUpgrade(from.get(), to.get());
    if (!c.supported()) {
      add(path + ".url", c.reason());
    }
  }

  /** The release an installer's file name names, when NestLab knows its build. */
  private Optional<VsphereRelease> release(Product product, MediaRef ref) {
    if (ref == null || ref.url() == null) {
      return Optional.empty();
    }
    Matcher m = BUILD.matcher(ref.url().replaceFirst("[?#].*$", ""));
    if (!m.find()) {
      return Optional.empty();
    }
    return knowledge.releaseOfBuild(product, Long.parseLong(m.group(1)));
  }
}
