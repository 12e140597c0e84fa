package io.nestlab.spec;

import io.nestlab.Clouds;
import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.spec.VsphereKnowledge.EsxiMinimum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a {@link LabSpec} against NestLab's rules and vSphere's (from {@link VsphereKnowledge})
 * and reports every problem at once, each with its path and a fix. The rules are listed in
 * docs/lab-spec.md.
 */
public final class SpecValidator {
  /** The providers a lab may name: the ids of {@link Clouds#builtIn()}. */
  public static final List<String> PROVIDERS = Clouds.builtIn().ids();

  static final Pattern LAB_NAME = Pattern.compile("[a-z][a-z0-9-]{1,38}[a-z0-9]");
  static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

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
                  + " 'media: { esxiIso: { url: \""
                  + Clouds.builtIn().exampleStorageUrl()
                  + "/VMware-VMvisor-Installer.iso\" } }' ("
                  + Clouds.builtIn().mediaUrlForms(false)
                  + "; plan and estimate work without it)"));
    }
    if (spec.vcenter() != null && media.vcsaIso() == null) {
      found.add(
          Problem.of(
              "media.vcsaIso",
              "not given; a lab with a vcenter needs the vCenter Server appliance installer ISO"
                  + " for 'nestlab up' and 'nestlab render': add 'vcsaIso: { url:"
                  + " \""
                  + Clouds.builtIn().exampleStorageUrl()
                  + "/VMware-VCSA-all.iso\" }' under media"));
    }
    return List.copyOf(found);
  }

  /** Every problem of {@code spec}, in file order; empty when the lab is valid. */
  public static List<Problem> validate(LabSpec spec) {
    return validate(spec, VsphereKnowledge.embedded());
  }

  /** Every problem of {@code spec} against {@code knowledge} (tests use variants of it). */
  static List<Problem> validate(LabSpec spec, VsphereKnowledge knowledge) {
    SpecValidator v = new SpecValidator(knowledge);
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
    HostRules hostRules = new HostRules(knowledge, problems);
    VsphereVersion esxiVersion = hostRules.version("esxi.version", spec.esxi().version(), "ESXi");
    EsxiMinimum min = esxiVersion == null ? null : knowledge.esxiMinimum(esxiVersion).orElse(null);
    boolean countOk = hostRules.count(spec.esxi());
    boolean prefixOk = hostRules.namePrefix(spec.esxi());
    // Without a valid count and prefix the host names are unknown: skip the checks that use them.
    List<EsxiHost> hosts = countOk && prefixOk ? spec.hosts() : List.of();
    hostRules.hostSizes(spec.esxi(), min, esxiVersion, "");
    hostRules.overrides(spec.esxi(), hosts, min, esxiVersion);
    hostRules.nestedDisks(hosts);
    VcenterRules.State vc = new VcenterRules(knowledge, problems).vcenter(spec, esxiVersion, hosts);
    new GuestRules(knowledge, problems).guests(spec, hosts);
    new UpgradeRules(knowledge, problems).upgrade(spec, esxiVersion, vc);
    new BuildRules(knowledge, problems).builds(spec);
    new FitRules(knowledge, problems).fit(spec, hosts, esxiVersion, vc);
    new ApplianceRules(knowledge, problems).appliance(spec, hosts, vc);
    NetworkRules network = new NetworkRules(knowledge, problems);
    network.hostnames(spec, hosts);
    network.network(spec, hosts.size());
    new MediaRules(knowledge, problems).media(spec.media());
    new PolicyRules(knowledge, problems).policy(spec.policy());
    new PlacementRules(knowledge, problems).placement(spec.placement());
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
}
