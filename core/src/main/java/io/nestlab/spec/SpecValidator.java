package io.nestlab.spec;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.spec.VsphereKnowledge.ApplianceSize;
import io.nestlab.spec.VsphereKnowledge.EsxiMinimum;
import io.nestlab.spec.VsphereKnowledge.Product;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a {@link LabSpec} against NestLab's rules and vSphere's (from {@link VsphereKnowledge})
 * and reports every problem at once, each with its path and a fix. The rules are listed in
 * docs/lab-spec.md.
 */
public final class SpecValidator {
  /** Provider ids a lab may name. */
  /** The providers a lab may name: the ids of {@link Clouds#builtIn()}. */
  public static final List<String> PROVIDERS = Clouds.builtIn().ids();

  static final Pattern LAB_NAME = Pattern.compile("[a-z][a-z0-9-]{1,38}[a-z0-9]");
  static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern CIDR =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
  private static final Pattern DOTTED_VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

  /**
   * The most nested disk (boot plus datastore, summed over the hosts) a lab may provision: the
   * largest L1 data disk NestLab makes ({@code ResourceModel.MAX_DATA_DISK_GIB}, EBS gp3's 16 TiB).
   * The nested disks are thin, so the data disk is sized for what the lab writes, not for this; but
   * a datastore no data disk could ever hold is refused rather than planned as if it fitted.
   */
  public static final int MAX_NESTED_DISK_GIB = 16_384;

  static final double MIN_MEMORY_OVERCOMMIT = 1.0;
  static final double MAX_MEMORY_OVERCOMMIT = 3.0;
  static final double MIN_CPU_OVERCOMMIT = 1.0;
  static final double MAX_CPU_OVERCOMMIT = 8.0;

  private final VsphereKnowledge knowledge;
  private final List<Problem> problems = new ArrayList<>();

  private SpecValidator(VsphereKnowledge knowledge) {
    this.knowledge = knowledge;
  }

  /**
   * What the lab is still missing for {@code nestlab up} (and for rendering its bootstrap) though
   * it is valid for planning and estimates: the installer media. Each warning names the path and
   * the fix; empty when nothing is missing.
   */
  public static List<Problem> warnings(LabSpec spec) {
    List<Problem> found = new ArrayList<>();
    MediaSpec media = spec.media();
    if (media.esxiIso() == null) {
      found.add(
          Problem.of(
              "media.esxiIso",
              "not given; 'nestlab up' and 'nestlab render' need the ESXi installer ISO: add"
                  + " 'media: { esxiIso: { url: \"s3://BUCKET/VMware-VMvisor-Installer.iso\" } }'"
                  + " (s3://, gs:// or https://; plan and estimate work without it)"));
    }
    if (spec.vcenter() != null && media.vcsaIso() == null) {
      found.add(
          Problem.of(
              "media.vcsaIso",
              "not given; a lab with a vcenter needs the vCenter Server appliance installer ISO"
                  + " for 'nestlab up' and 'nestlab render': add 'vcsaIso: { url:"
                  + " \"s3://BUCKET/VMware-VCSA-all.iso\" }' under media"));
    }
    return List.copyOf(found);
  }

  /** Every problem of {@code spec}, in file order; empty when the lab is valid. */
  public static List<Problem> validate(LabSpec spec) {
    SpecValidator v = new SpecValidator(VsphereKnowledge.embedded());
    v.check(spec);
    return List.copyOf(v.problems);
  }

  /**
   * Returns {@code spec} when it is valid, or throws with every problem.
   *
   * @param source what to call the spec in the exception's message, for example its file name
   * @throws InvalidSpecException listing every problem
   */
  public static LabSpec requireValid(LabSpec spec, String source) {
    List<Problem> found = validate(spec);
    if (!found.isEmpty()) {
      throw new InvalidSpecException(source, LabSpecs.capped(found));
    }
    return spec;
  }

  private void add(String path, String message) {
    problems.add(Problem.of(path, message));
  }

  private void check(LabSpec spec) {
    apiVersion(spec.apiVersion());
    name(spec.name());
    VsphereVersion esxiVersion = version("esxi.version", spec.esxi().version(), "ESXi");
    EsxiMinimum min = esxiVersion == null ? null : knowledge.esxiMinimum(esxiVersion).orElse(null);
    boolean countOk = count(spec.esxi());
    boolean prefixOk = namePrefix(spec.esxi());
    // Without a valid count and prefix the host names are unknown: skip the checks that use them.
    List<EsxiHost> hosts = countOk && prefixOk ? spec.hosts() : List.of();
    hostSizes(spec.esxi(), min, esxiVersion, "");
    overrides(spec.esxi(), hosts, min, esxiVersion);
    nestedDisks(hosts);
    VcenterState vc = vcenter(spec, esxiVersion, hosts);
    guests(spec, hosts);
    upgrade(spec, esxiVersion, vc, hosts);
    fit(spec, hosts, esxiVersion, vc);
    hostnames(spec, hosts);
    network(spec, hosts.size());
    media(spec.media());
    policy(spec.policy());
    placement(spec.placement());
  }

  private void apiVersion(String apiVersion) {
    if (apiVersion == null) {
      add("apiVersion", "missing; start the file with 'apiVersion: " + LabSpec.API_VERSION + "'");
    } else if (!apiVersion.equals(LabSpec.API_VERSION)) {
      add(
          "apiVersion",
          "'"
              + apiVersion
              + "' is not a format this NestLab reads; write 'apiVersion: "
              + LabSpec.API_VERSION
              + "'");
    }
  }

  private void name(String name) {
    if (name == null || name.isEmpty()) {
      add("name", "missing; name the lab, for example 'name: upgrade-rehearsal'");
      return;
    }
    if (LAB_NAME.matcher(name).matches()) {
      return;
    }
    String fix = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    fix = fix.replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
    String suggestion = LAB_NAME.matcher(fix).matches() ? "; for example '" + fix + "'" : "";
    if (name.length() < 3 || name.length() > 40) {
      add(
          "name",
          "'"
              + name
              + "' has "
              + name.length()
              + " characters; a lab name has 3 to 40 (lowercase letters, digits and '-')"
              + suggestion);
    } else {
      add(
          "name",
          "'"
              + name
              + "' is not a valid lab name: use lowercase letters, digits and '-', start with a"
              + " letter and do not end with '-' (it becomes part of cloud resource names)"
              + suggestion);
    }
  }

  /** The parsed version, or null after reporting why it is unusable. */
  private VsphereVersion version(String path, String text, String product) {
    if (text == null || text.isBlank()) {
      add(path, "missing; name the " + product + " version, for example \"8.0U3\"");
      return null;
    }
    List<String> known = knowledge.versions().stream().map(VsphereVersion::toString).toList();
    Optional<VsphereVersion> v = VsphereVersion.parse(text);
    if (v.isPresent() && knowledge.isKnown(v.get())) {
      return v.get();
    }
    String hint = Suggestions.hint(text, known);
    Matcher dotted = DOTTED_VERSION.matcher(text.trim());
    if (dotted.matches()) {
      String u = dotted.group(3).equals("0") ? "" : "U" + dotted.group(3);
      hint = "; did you mean '" + dotted.group(1) + "." + dotted.group(2) + u + "'?";
    }
    add(
        path,
        "'"
            + text
            + "' is not "
            + (product.startsWith("E") ? "an " : "a ")
            + product
            + " version NestLab knows; use one of "
            + String.join(", ", known)
            + hint);
    return null;
  }

  private boolean count(EsxiSpec esxi) {
    if (esxi.count() < 1 || esxi.count() > EsxiSpec.MAX_COUNT) {
      add(
          "esxi.count",
          esxi.count()
              + " hosts is out of range; a lab has 1 to "
              + EsxiSpec.MAX_COUNT
              + " ESXi hosts, all on one cloud instance");
      return false;
    }
    return true;
  }

  private boolean namePrefix(EsxiSpec esxi) {
    String prefix = esxi.namePrefix();
    if (prefix.isEmpty()
        || prefix.length() > 60
        || !HOST_LABEL.matcher(esxi.hostName(1)).matches()) {
      add(
          "esxi.namePrefix",
          "'"
              + prefix
              + "' does not make valid host names ("
              + esxi.hostName(1)
              + "); use 1 to 60 letters, digits and '-', starting with a letter or digit,"
              + " for example 'esx'");
      return false;
    }
    return true;
  }

  private void hostSizes(
      EsxiSpec esxi, EsxiMinimum min, VsphereVersion version, String targetNote) {
    if (min == null) {
      return;
    }
    atLeast("esxi.cpus", esxi.cpus(), min.cpus(), "vCPUs", version, min, targetNote);
    atLeast("esxi.memoryGib", esxi.memoryGib(), min.memoryGib(), "GiB", version, min, targetNote);
    atLeast(
        "esxi.bootDiskGib", esxi.bootDiskGib(), min.bootDiskGib(), "GiB", version, min, targetNote);
    if (targetNote.isEmpty()) {
      datastore("esxi.datastoreDiskGib", esxi.datastoreDiskGib());
    }
  }

  private void datastore(String path, int gib) {
    if (gib < 0) {
      add(path, gib + " GiB is negative; use 0 for no local datastore, or more");
    } else if (gib > MAX_NESTED_DISK_GIB) {
      add(
          path,
          gib
              + " GiB is more than the "
              + MAX_NESTED_DISK_GIB
              + " GiB (16 TiB) the lab's data disk on the cloud instance can ever be, and every"
              + " nested disk lives there; use at most "
              + MAX_NESTED_DISK_GIB
              + " (datastores are thin: the data disk is sized for what the lab writes)");
    }
  }

  /** The nested disks of all hosts together must fit the largest data disk NestLab makes. */
  private void nestedDisks(List<EsxiHost> hosts) {
    if (problems.stream().anyMatch(p -> p.path().endsWith("DiskGib"))) {
      return; // a host's own disk size is already reported
    }
    long total = 0;
    for (EsxiHost h : hosts) {
      total += (long) h.bootDiskGib() + h.datastoreDiskGib();
    }
    if (total > MAX_NESTED_DISK_GIB) {
      add(
          "esxi",
          "the hosts' boot and datastore disks add up to "
              + total
              + " GiB, more than the "
              + MAX_NESTED_DISK_GIB
              + " GiB (16 TiB) the lab's data disk on the cloud instance can ever be; make"
              + " datastoreDiskGib smaller or use fewer hosts");
    }
  }

  private void atLeast(
      String path,
      int value,
      int least,
      String unit,
      VsphereVersion version,
      EsxiMinimum min,
      String targetNote) {
    if (value >= least) {
      return;
    }
    if (!targetNote.isEmpty()) {
      // The target's minimum is at least the current one's: report only the higher need.
      problems.removeIf(p -> p.path().equals(path));
    }
    String what = unit.equals("vCPUs") ? "vCPUs" : unit;
    add(
        path,
        value
            + " "
            + what
            + " is below the "
            + least
            + " "
            + what
            + " ESXi "
            + version
            + targetNote
            + " needs"
            + (min.estimate() ? " (NestLab's best estimate for " + min.family() + ")" : "")
            + "; raise it to "
            + least
            + " or more");
  }

  private void overrides(
      EsxiSpec esxi, List<EsxiHost> hosts, EsxiMinimum min, VsphereVersion version) {
    List<String> names = hosts.stream().map(EsxiHost::name).toList();
    for (Map.Entry<String, HostOverride> e : esxi.overrides().entrySet()) {
      String path = "esxi.overrides." + e.getKey();
      if (!names.isEmpty() && !names.contains(e.getKey())) {
        add(
            path,
            "there is no host '"
                + e.getKey()
                + "'; the hosts are "
                + range(names)
                + Suggestions.hint(e.getKey(), names));
        continue;
      }
      HostOverride o = e.getValue();
      if (min != null) {
        if (o.cpus() != null) {
          atLeast(path + ".cpus", o.cpus(), min.cpus(), "vCPUs", version, min, "");
        }
        if (o.memoryGib() != null) {
          atLeast(path + ".memoryGib", o.memoryGib(), min.memoryGib(), "GiB", version, min, "");
        }
        if (o.bootDiskGib() != null) {
          atLeast(
              path + ".bootDiskGib", o.bootDiskGib(), min.bootDiskGib(), "GiB", version, min, "");
        }
      }
      if (o.datastoreDiskGib() != null) {
        datastore(path + ".datastoreDiskGib", o.datastoreDiskGib());
      }
    }
  }

  private static String range(List<String> names) {
    return names.size() <= 3
        ? String.join(", ", names)
        : names.get(0) + " .. " + names.get(names.size() - 1);
  }

  /** What the validator learnt about vCenter, for the later fit and upgrade checks. */
  private record VcenterState(
      VsphereVersion version, String placement, ApplianceSize size, boolean valid) {}

  private VcenterState vcenter(LabSpec spec, VsphereVersion esxiVersion, List<EsxiHost> hosts) {
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
    List<String> names = hosts.stream().map(EsxiHost::name).toList();
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
    return new VcenterState(version, placement, size, version != null && size != null);
  }

  private void guests(LabSpec spec, List<EsxiHost> hosts) {
    List<String> names = hosts.stream().map(EsxiHost::name).toList();
    for (int i = 0; i < spec.guests().size(); i++) {
      GuestSpec g = spec.guests().get(i);
      String path = "guests[" + i + "]";
      if (g.name() == null || g.name().isEmpty()) {
        add(path + ".name", "missing; give the guest a hostname, for example 'linux-01'");
      }
      positive(path + ".cpus", g.cpus(), "vCPU");
      positive(path + ".memoryGib", g.memoryGib(), "GiB");
      positive(path + ".diskGib", g.diskGib(), "GiB");
      if (!names.isEmpty() && !names.contains(g.host())) {
        add(
            path + ".host",
            "there is no host '"
                + g.host()
                + "'; place the guest on one of the ESXi hosts ("
                + range(names)
                + ")"
                + Suggestions.hint(g.host(), names));
      }
      if (g.image() != null) {
        url(path + ".image", g.image(), "a guest image (ISO or OVA)");
      }
    }
  }

  private void positive(String path, int value, String unit) {
    if (value < 1) {
      add(path, value + " " + unit + " is too small; use 1 or more");
    }
  }

  private void upgrade(
      LabSpec spec, VsphereVersion esxiVersion, VcenterState vc, List<EsxiHost> hosts) {
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
    mediaRef("upgrade.esxiIso", up.esxiIso(), "the target ESXi installer ISO");
    mediaRef("upgrade.vcsaIso", up.vcsaIso(), "the target vCenter Server appliance installer ISO");
    if (up.esxiIso() != null && up.esxiVersion() == null) {
      add("upgrade.esxiIso", "is only used with upgrade.esxiVersion; give that too, or drop it");
    }
    if (up.vcsaIso() != null && up.vcenterVersion() == null) {
      add("upgrade.vcsaIso", "is only used with upgrade.vcenterVersion; give that too, or drop it");
    }
    VsphereVersion esxiTarget = null;
    if (up.esxiVersion() != null) {
      esxiTarget = version("upgrade.esxiVersion", up.esxiVersion(), "ESXi");
      if (esxiTarget != null && esxiVersion != null) {
        path("upgrade.esxiVersion", Product.ESXI, esxiVersion, esxiTarget);
        EsxiMinimum min = knowledge.esxiMinimum(esxiTarget).orElse(null);
        hostSizes(spec.esxi(), min, esxiTarget, " (the upgrade target)");
      }
    }
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

  /** Whether {@code from -> to} is a direct upgrade; reports why not. */
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
    if (knowledge.directUpgrade(product, from, to).isPresent()) {
      return true;
    }
    String route =
        knowledge
            .intermediateStep(product, from, to)
            .map(
                mid ->
                    "; go through "
                        + mid
                        + " first: rehearse "
                        + from
                        + " -> "
                        + mid
                        + ", then "
                        + mid
                        + " -> "
                        + to)
            .orElse(
                "; rehearse an upgrade vSphere supports, for example to the latest update of "
                    + from.family());
    add(field, "vSphere has no direct upgrade from " + name + " " + from + " to " + to + route);
    return false;
  }

  /** Whether each host can hold the VMs placed on it: vCenter first, then guests in order. */
  private void fit(
      LabSpec spec, List<EsxiHost> hosts, VsphereVersion esxiVersion, VcenterState vc) {
    if (hosts.isEmpty() || esxiVersion == null) {
      return;
    }
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
    Map<String, EsxiHost> byName = new LinkedHashMap<>();
    hosts.forEach(h -> byName.put(h.name(), h));
    Map<String, Integer> memory = new HashMap<>();
    Map<String, Integer> disk = new HashMap<>();
    Map<String, List<String>> residents = new HashMap<>();
    if (vc != null && vc.valid() && vc.placement() != null && byName.containsKey(vc.placement())) {
      EsxiHost h = byName.get(vc.placement());
      ApplianceSize size = largestAppliance(spec, vc);
      String what = "the vCenter " + vc.version() + " " + size.size() + " appliance";
      if (size != vc.size()) {
        what =
            "the vCenter " + size.family() + " " + size.size() + " appliance (after the upgrade)";
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
                + " vCPUs or place vCenter on 'l1'");
      }
      if (h.datastoreDiskGib() == 0) {
        add(
            "vcenter.placement",
            what
                + " needs a datastore on "
                + h.name()
                + ", which has none (datastoreDiskGib: 0); give it one (esxi.overrides: { "
                + h.name()
                + ": { datastoreDiskGib: 100 } }) or place vCenter on 'l1'");
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
                + " } }) or place vCenter on 'l1'");
      } else {
        memory.put(h.name(), size.memoryGib());
        residents.computeIfAbsent(h.name(), k -> new ArrayList<>()).add("vCenter");
      }
    }
    for (int i = 0; i < spec.guests().size(); i++) {
      GuestSpec g = spec.guests().get(i);
      EsxiHost h = byName.get(g.host());
      if (h == null || g.memoryGib() < 1 || g.cpus() < 1 || g.diskGib() < 1) {
        continue;
      }
      String path = "guests[" + i + "]";
      String gname = g.name() == null ? path : g.name();
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
  private ApplianceSize largestAppliance(LabSpec spec, VcenterState vc) {
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

  private void hostnames(LabSpec spec, List<EsxiHost> hosts) {
    Map<String, String> seen = new HashMap<>();
    for (EsxiHost h : hosts) {
      seen.put(h.name().toLowerCase(Locale.ROOT), "esxi host " + h.name());
    }
    if (spec.vcenter() != null) {
      seen.putIfAbsent(VcenterSpec.HOSTNAME, "the vCenter appliance");
    }
    seen.putIfAbsent(NetworkSpec.L1_HOSTNAME, "the L1 host (the lab network's gateway)");
    for (int i = 0; i < spec.guests().size(); i++) {
      String name = spec.guests().get(i).name();
      if (name == null || name.isEmpty()) {
        continue;
      }
      String path = "guests[" + i + "].name";
      if (!HOST_LABEL.matcher(name).matches()) {
        add(
            path,
            "'"
                + name
                + "' is not a valid hostname (RFC 1123): use 1 to 63 letters, digits and '-',"
                + " not starting or ending with '-'; for example 'linux-01'");
        continue;
      }
      String owner = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), path);
      if (owner != null) {
        add(
            path,
            "the hostname '"
                + name
                + "' is already used by "
                + owner
                + "; every host, guest and vCenter in a lab needs its own name");
      }
    }
  }

  /** The widest lab network: the L1 host's libvirt network serves one /16 at most. */
  static final int MIN_NETWORK_PREFIX = 16;

  private void network(LabSpec spec, int hostCount) {
    NetworkSpec net = spec.network();
    Matcher m = CIDR.matcher(net.cidr().trim());
    if (!m.matches()) {
      add(
          "network.cidr",
          "'"
              + net.cidr()
              + "' is not an IPv4 CIDR; write the network address and prefix length, for example"
              + " 10.10.0.0/24");
    } else {
      long address = 0;
      boolean octetsOk = true;
      for (int i = 1; i <= 4; i++) {
        int octet = Integer.parseInt(m.group(i));
        octetsOk &= octet <= 255;
        address = address << 8 | (octet & 0xff);
      }
      int prefix = Integer.parseInt(m.group(5));
      if (!octetsOk || prefix > 32) {
        add(
            "network.cidr",
            "'"
                + net.cidr()
                + "' is not an IPv4 CIDR: each number is 0-255 and the prefix 0-32; for example"
                + " 10.10.0.0/24");
      } else {
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        long network = address & mask;
        if (network != address) {
          add(
              "network.cidr",
              "'"
                  + net.cidr()
                  + "' has host bits set; the network address is "
                  + dotted(network)
                  + "/"
                  + prefix
                  + ": write that");
        } else if (!isPrivate(network, prefix)) {
          add(
              "network.cidr",
              net.cidr()
                  + " is not a private range; use one inside 10.0.0.0/8, 172.16.0.0/12 or"
                  + " 192.168.0.0/16 (RFC 1918), for example 10.10.0.0/24");
        } else if (prefix < MIN_NETWORK_PREFIX) {
          add(
              "network.cidr",
              net.cidr()
                  + " is larger than a lab network may be: at most a /"
                  + MIN_NETWORK_PREFIX
                  + " (the L1 host serves one DHCP and DNS range); use a /24 such as"
                  + " 10.10.0.0/24");
        } else {
          int needed = hostCount + (spec.vcenter() != null ? 1 : 0) + spec.guests().size() + 2;
          long usable = (1L << (32 - prefix)) - 2;
          if (usable < needed) {
            int fitting = 30;
            while (fitting > 0 && (1L << (32 - fitting)) - 2 < needed) {
              fitting--;
            }
            add(
                "network.cidr",
                net.cidr()
                    + " has "
                    + Math.max(usable, 0)
                    + " usable addresses but the lab needs "
                    + needed
                    + " ("
                    + hostCount
                    + " ESXi hosts, "
                    + (spec.vcenter() != null ? "vCenter, " : "")
                    + spec.guests().size()
                    + (spec.guests().size() == 1 ? " guest" : " guests")
                    + ", the gateway and DNS); use a /"
                    + fitting
                    + " or larger");
          }
        }
      }
    }
    String domain = net.domain();
    boolean ok = !domain.isEmpty() && domain.length() <= 200 && !domain.endsWith(".");
    if (ok) {
      for (String label : domain.split("\\.", -1)) {
        ok &= HOST_LABEL.matcher(label).matches();
      }
    }
    if (!ok) {
      add(
          "network.domain",
          "'"
              + domain
              + "' is not a valid DNS domain: dot-separated labels of letters, digits and '-',"
              + " at most 200 characters, for example lab.internal");
    }
  }

  private static boolean isPrivate(long network, int prefix) {
    return within(network, prefix, 10L << 24, 8)
        || within(network, prefix, (172L << 24) | (16L << 16), 12)
        || within(network, prefix, (192L << 24) | (168L << 16), 16);
  }

  private static boolean within(long network, int prefix, long block, int blockPrefix) {
    long mask = (0xffffffffL << (32 - blockPrefix)) & 0xffffffffL;
    return prefix >= blockPrefix && (network & mask) == block;
  }

  private static String dotted(long a) {
    return (a >> 24 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 8 & 0xff) + "." + (a & 0xff);
  }

  private void media(MediaSpec media) {
    mediaRef("media.esxiIso", media.esxiIso(), "the ESXi installer ISO");
    mediaRef("media.vcsaIso", media.vcsaIso(), "the vCenter Server appliance installer ISO");
  }

  private void mediaRef(String path, MediaRef ref, String what) {
    if (ref == null) {
      return;
    }
    if (ref.url() == null || ref.url().isBlank()) {
      add(path + ".url", "missing; give the URL of " + what + " (s3://, gs:// or https://)");
    } else {
      url(path + ".url", ref.url(), what);
    }
    if (ref.sha256() != null && !SHA256.matcher(ref.sha256()).matches()) {
      add(
          path + ".sha256",
          "'"
              + shorten(ref.sha256())
              + "' is not a SHA-256 digest: it has 64 hex digits (0-9, a-f); you had "
              + ref.sha256().length()
              + " characters. Copy it from 'sha256sum FILE', or leave sha256 out");
    }
  }

  private void url(String path, String url, String what) {
    String unsafe = unsafeCharacters(url);
    if (unsafe != null) {
      add(
          path,
          "'"
              + shorten(url, 80)
              + "' contains "
              + unsafe
              + "; the L1 host fetches "
              + what
              + " with a shell script and never runs what a URL holds; if the characters are part"
              + " of the name, URL-encode them (a space as %20, $ as %24, ` as %60, \" as %22,"
              + " ' as %27)");
      return;
    }
    String u = url.trim();
    int colon = u.indexOf("://");
    String scheme = colon < 0 ? "" : u.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? u : u.substring(colon + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String object = slash < 0 ? "" : rest.substring(slash + 1);
    switch (scheme) {
      case "s3", "gs" -> {
        if (authority.isEmpty() || object.isEmpty()) {
          add(
              path,
              "'"
                  + url
                  + "' names no object; write "
                  + scheme
                  + "://BUCKET/PATH/FILE.iso for "
                  + what);
        }
      }
      case "https" -> {
        if (authority.isEmpty()) {
          add(path, "'" + url + "' names no host; write https://HOST/PATH for " + what);
        }
      }
      case "http" ->
          add(
              path,
              "plain http:// is not accepted (the download could be altered on the way); use"
                  + " https://, or copy "
                  + what
                  + " to an s3:// or gs:// bucket");
      default ->
          add(
              path,
              "'"
                  + url
                  + "' is not a URL NestLab can fetch "
                  + what
                  + " from; use s3://BUCKET/KEY, gs://BUCKET/OBJECT or https://HOST/PATH");
    }
  }

  private static String shorten(String s) {
    return shorten(s, 16);
  }

  private static String shorten(String s, int max) {
    return s.length() > max ? s.substring(0, max) + "..." : s;
  }

  /**
   * What in a URL the L1 host's scripts refuse (the bootstrap renderer allows no whitespace, quote,
   * backslash, backtick or '$'), described for a user; null when there is none. A command
   * substitution gets its own name: it is the one that would run something.
   */
  static String unsafeCharacters(String url) {
    if (url.contains("$(") || url.contains("`")) {
      return "a shell command substitution (" + (url.contains("`") ? "`...`" : "$(...)") + ")";
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (Character.isWhitespace(c)) {
        return c == ' ' ? "a space" : "a whitespace character";
      }
      if (c == '\'' || c == '"') {
        return "a quote (" + c + ")";
      }
      if (c == '\\') {
        return "a backslash";
      }
      if (c == '$') {
        return "'$' (shell variable syntax)";
      }
    }
    return null;
  }

  private void policy(PolicySpec policy) {
    Duration ttl = policy.ttl();
    if (ttl.isZero() || ttl.isNegative()) {
      add("policy.ttl", "the TTL must be more than zero; for example 8h");
    } else if (ttl.compareTo(PolicySpec.MAX_TTL) > 0) {
      add(
          "policy.ttl",
          DurationText.format(ttl)
              + " is longer than the 30 days a lab may live; use 30d or less (a lab can be"
              + " renewed)");
    }
    if (policy.budgetUsd() != null && policy.budgetUsd().signum() <= 0) {
      add(
          "policy.budgetUsd",
          policy.budgetUsd().toPlainString()
              + " is not a budget; give a positive amount of US dollars such as 25, or leave"
              + " budgetUsd out for no budget");
    }
    range(
        "policy.memoryOvercommit",
        policy.memoryOvercommit(),
        MIN_MEMORY_OVERCOMMIT,
        MAX_MEMORY_OVERCOMMIT,
        "GiB of ESXi memory per GiB of the cloud instance");
    range(
        "policy.cpuOvercommit",
        policy.cpuOvercommit(),
        MIN_CPU_OVERCOMMIT,
        MAX_CPU_OVERCOMMIT,
        "ESXi vCPUs per vCPU of the cloud instance");
  }

  private void range(String path, double value, double min, double max, String unit) {
    if (!(value >= min && value <= max)) {
      add(
          path,
          value
              + " is outside "
              + min
              + " .. "
              + max
              + " ("
              + unit
              + "); use a value in that range");
    }
  }

  private void placement(PlacementSpec placement) {
    List<String> providers = placement.providers();
    for (int i = 0; i < providers.size(); i++) {
      String p = providers.get(i);
      String path = "placement.providers[" + i + "]";
      if (!PROVIDERS.contains(p)) {
        add(
            path,
            "'"
                + p
                + "' is not a provider NestLab knows; use "
                + String.join(", ", PROVIDERS)
                + Suggestions.hint(p, PROVIDERS));
      } else if (providers.indexOf(p) < i) {
        add(path, "'" + p + "' is listed twice; list each provider once");
      }
    }
    boolean allKnown = PROVIDERS.containsAll(providers);
    List<String> allowed = providers.isEmpty() || !allKnown ? PROVIDERS : providers;
    for (int i = 0; i < placement.regions().size(); i++) {
      region("placement.regions[" + i + "]", placement.regions().get(i), allowed);
    }
    BigDecimal max = placement.maxHourlyUsd();
    if (max != null && max.signum() <= 0) {
      add(
          "placement.maxHourlyUsd",
          max.toPlainString()
              + " is not a price cap; give a positive amount of US dollars per hour such as 2.0,"
              + " or leave it out for no cap");
    }
  }

  private void region(String path, String region, List<String> providers) {
    Clouds clouds = Clouds.builtIn();
    if (providers.stream().anyMatch(p -> clouds.get(p).isRegion(region))) {
      return;
    }
    Optional<CloudTraits> owner = clouds.ownerOfRegion(region);
    if (owner.isPresent()) {
      String id = owner.get().id();
      add(
          path,
          "'"
              + region
              + "' is a region of "
              + id
              + ", which placement.providers does not list; add "
              + id
              + " to placement.providers or remove the region");
      return;
    }
    Optional<Map.Entry<CloudTraits, String>> zone = clouds.ownerOfZone(region);
    if (zone.isPresent()) {
      add(path, "'" + region + "' is a zone; name its region instead: " + zone.get().getValue());
      return;
    }
    List<String> examples =
        clouds.all().stream()
            .filter(t -> !t.simulated())
            .map(t -> t.displayName() + " region such as " + t.exampleRegion())
            .toList();
    add(
        path,
        "'"
            + region
            + "' is not a region name; write "
            + (examples.isEmpty() ? "a region" : "an " + String.join(" or a ", examples))
            + " (lowercase)");
  }
}
