package io.nestlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What NestLab knows about vSphere releases: the versions, the least an ESXi host needs, the
 * vCenter appliance sizes, which vCenter manages which ESXi, and the direct upgrade paths. All of
 * it comes from one data file shipped in the jar ({@code io/nestlab/spec/vsphere-knowledge.yaml}),
 * where every row names its source and says whether it is documented or an estimate.
 */
public final class VsphereKnowledge {
  private static final VsphereKnowledge EMBEDDED = KnowledgeFile.load();

  private final List<VsphereVersion> versions;
  private final List<EsxiMinimum> esxiMinimums;
  private final List<ApplianceSize> vcenterSizes;
  private final List<Manages> manages;
  private final List<UpgradePath> upgrades;
  private final List<VsphereRelease> releases;

  /** The ESXi or vCenter side of an upgrade path. */
  public enum Product {
    ESXI,
    VCENTER;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The least one ESXi host of a release family needs.
   *
   * @param ownMemoryGib what ESXi keeps for itself on a host that also runs VMs
   * @param estimate true when no published figure was found and this is NestLab's best knowledge
   */
  public record EsxiMinimum(
      String family,
      int cpus,
      int memoryGib,
      int bootDiskGib,
      int ownMemoryGib,
      boolean estimate,
      String source) {}

  /** One vCenter Server appliance deployment size: the vCPUs and memory of the appliance VM. */
  public record ApplianceSize(
      String family, String size, int cpus, int memoryGib, boolean estimate, String source) {}

  /**
   * A documented direct upgrade: any version of {@code from}'s family at or after {@code from} to
   * any version of {@code to}'s family at or after {@code to}.
   */
  public record UpgradePath(
      VsphereVersion from,
      VsphereVersion to,
      List<Product> products,
      boolean estimate,
      String source,
      String note) {
    public UpgradePath {
      products = List.copyOf(products);
    }

    /** Whether this row allows upgrading {@code product} from {@code a} to {@code b}. */
    public boolean allows(Product product, VsphereVersion a, VsphereVersion b) {
      return products.contains(product)
          && a.sameFamily(from)
          && !a.isOlderThan(from)
          && b.sameFamily(to)
          && !b.isOlderThan(to)
          && a.isOlderThan(b);
    }
  }

  record Manages(String vcenterFamily, List<String> esxiFamilies) {}

  VsphereKnowledge(
      List<VsphereVersion> versions,
      List<EsxiMinimum> esxiMinimums,
      List<ApplianceSize> vcenterSizes,
      List<Manages> manages,
      List<UpgradePath> upgrades,
      List<VsphereRelease> releases) {
    this.versions = List.copyOf(versions);
    this.esxiMinimums = List.copyOf(esxiMinimums);
    this.vcenterSizes = List.copyOf(vcenterSizes);
    this.manages = List.copyOf(manages);
    this.upgrades = List.copyOf(upgrades);
    this.releases = List.copyOf(releases);
  }

  // The tables as read, for the packed form (KnowledgeBinary).
  List<EsxiMinimum> esxiMinimums() {
    return esxiMinimums;
  }

  List<ApplianceSize> vcenterSizes() {
    return vcenterSizes;
  }

  List<Manages> manageRows() {
    return manages;
  }

  List<UpgradePath> upgrades() {
    return upgrades;
  }

  List<VsphereRelease> allReleases() {
    return releases;
  }

  /** The knowledge shipped with this NestLab build. */
  public static VsphereKnowledge embedded() {
    return EMBEDDED;
  }

  /** Every version a lab may name, oldest first. */
  public List<VsphereVersion> versions() {
    return versions;
  }

  public boolean isKnown(VsphereVersion version) {
    return versions.contains(version);
  }

  /** The least an ESXi host of this version needs. */
  public Optional<EsxiMinimum> esxiMinimum(VsphereVersion version) {
    for (EsxiMinimum m : esxiMinimums) {
      if (m.family().equals(version.family())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The appliance size {@code size} (tiny, small, ...) of vCenter {@code version}. */
  public Optional<ApplianceSize> vcenterSize(VsphereVersion version, String size) {
    for (ApplianceSize s : vcenterSizes) {
      if (s.family().equals(version.family()) && s.size().equals(size)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The appliance sizes vCenter {@code version} offers, smallest first. */
  public List<String> vcenterSizeNames(VsphereVersion version) {
    List<String> names = new ArrayList<>();
    for (ApplianceSize s : vcenterSizes) {
      if (s.family().equals(version.family())) {
        names.add(s.size());
      }
    }
    return List.copyOf(names);
  }

  /** Whether vCenter {@code vcenter} can manage ESXi hosts of version {@code esxi}. */
  public boolean manages(VsphereVersion vcenter, VsphereVersion esxi) {
    for (Manages m : manages) {
      if (m.vcenterFamily().equals(vcenter.family()) && m.esxiFamilies().contains(esxi.family())) {
        return true;
      }
    }
    return false;
  }

  /** The ESXi families vCenter {@code vcenter} can manage, oldest first. */
  public List<String> managedEsxiFamilies(VsphereVersion vcenter) {
    List<String> families = new ArrayList<>();
    for (Manages m : manages) {
      if (m.vcenterFamily().equals(vcenter.family())) {
        families.addAll(m.esxiFamilies());
      }
    }
    return List.copyOf(families);
  }

  /** The row that allows a direct upgrade, if vSphere supports one. */
  public Optional<UpgradePath> directUpgrade(
      Product product, VsphereVersion from, VsphereVersion to) {
    for (UpgradePath u : upgrades) {
      if (u.allows(product, from, to)) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }

  /**
   * A version {@code from} can upgrade to directly and which can itself upgrade directly to {@code
   * to}: the stop on a two-step route. Empty when there is none.
   */
  public Optional<VsphereVersion> intermediateStep(
      Product product, VsphereVersion from, VsphereVersion to) {
    for (int i = versions.size() - 1; i >= 0; i--) {
      VsphereVersion mid = versions.get(i);
      if (directUpgrade(product, from, mid).isPresent()
          && directUpgrade(product, mid, to).isPresent()) {
        return Optional.of(mid);
      }
    }
    return Optional.empty();
  }

  /** The published builds of {@code product} NestLab knows with a source, oldest build first. */
  public List<VsphereRelease> releases(Product product) {
    List<VsphereRelease> of = new ArrayList<>();
    for (VsphereRelease r : releases) {
      if (r.product() == product) {
        of.add(r);
      }
    }
    return List.copyOf(of);
  }

  /**
   * The first build of {@code version} ({@code 8.0U3}: the Update 3 release itself, not a patch),
   * when NestLab knows it with a source.
   */
  public Optional<VsphereRelease> release(Product product, VsphereVersion version) {
    return release(product, version.toString());
  }

  /** The release named {@code name} as its release notes spell it: 8.0U3e, 9.0.2. */
  public Optional<VsphereRelease> release(Product product, String name) {
    for (VsphereRelease r : releases) {
      if (r.product() == product && r.name().equalsIgnoreCase(name)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The release with build number {@code build}, when NestLab knows it. */
  public Optional<VsphereRelease> releaseOfBuild(Product product, long build) {
    for (VsphereRelease r : releases) {
      if (r.product() == product && r.build() == build) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether vSphere supports upgrading {@code product} from {@code from} to {@code to} in one step
   * and, when not, the supported route: 7.0U3 to 9.0 goes through 8.0U3.
   */
  public UpgradeCheck checkUpgrade(Product product, VsphereVersion from, VsphereVersion to) {
    String name = product == Product.ESXI ? "ESXi" : "vCenter";
    if (!from.isOlderThan(to)) {
      return UpgradeCheck.refused(
          name + " " + to + " is not newer than " + from + "; an upgrade goes to a later version",
          List.of());
    }
    if (directUpgrade(product, from, to).isPresent()) {
      return UpgradeCheck.ok(from, to);
    }
    Optional<VsphereVersion> mid = intermediateStep(product, from, to);
    String head = "vSphere has no direct upgrade from " + name + " " + from + " to " + to;
    if (mid.isEmpty()) {
      return UpgradeCheck.refused(
          head
              + "; upgrade to a version vSphere supports, for example the latest update of "
              + from.family(),
          List.of());
    }
    VsphereVersion m = mid.get();
    return UpgradeCheck.refused(
        head + "; go through " + m + " first: " + from + " -> " + m + ", then " + m + " -> " + to,
        List.of(from, m, to));
  }

  /**
   * Whether vSphere supports upgrading from build {@code from} to build {@code to}: the versions'
   * path (see {@link #checkUpgrade(Product, VsphereVersion, VsphereVersion)}), a newer build, and
   * no travel back in time: a target released before the source lacks the source's fixes and the
   * installer blocks it.
   */
  public UpgradeCheck checkUpgrade(VsphereRelease from, VsphereRelease to) {
    if (from.product() != to.product()) {
      throw new IllegalArgumentException("an upgrade stays within one product");
    }
    if (from.version().equals(to.version())) {
      if (to.build() <= from.build()) {
        return UpgradeCheck.refused(
            to.describe() + " is not newer than " + from.describe() + "; pick a later build",
            List.of());
      }
    } else {
      UpgradeCheck byVersion = checkUpgrade(from.product(), from.version(), to.version());
      if (!byVersion.supported()) {
        return byVersion;
      }
    }
    if (!to.releasedBefore(from)) {
      return UpgradeCheck.ok(from.version(), to.version());
    }
    Optional<VsphereRelease> later = Optional.empty();
    for (VsphereRelease r : releases(to.product())) {
      if (r.version().sameFamily(to.version())
          && !r.version().isOlderThan(to.version())
          && r.released() != null
          && !r.released().isBefore(from.released())) {
        later = Optional.of(r);
        break;
      }
    }
    return UpgradeCheck.refused(
        "back in time: "
            + to.describe()
            + " was released before "
            + from.describe()
            + ", so it lacks fixes the source has and the upgrade is blocked; "
            + later
                .map(r -> "upgrade to " + r.name() + " (" + r.released() + ") or later")
                .orElse(
                    "upgrade to a "
                        + to.version().family()
                        + " release dated "
                        + from.released()
                        + " or later"),
        later.map(r -> List.of(from.version(), r.version())).orElse(List.of()));
  }

  /** Reads knowledge from a parsed data file (tests build variants of the shipped one). */
  static VsphereKnowledge fromTree(JsonNode root) {
    return KnowledgeFile.fromTree(root);
  }
}
