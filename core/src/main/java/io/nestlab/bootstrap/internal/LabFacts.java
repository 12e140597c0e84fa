package io.nestlab.bootstrap.internal;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.GuestSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MediaRef;
import io.nestlab.spec.UpgradePeak;
import io.nestlab.spec.VcenterSpec;
import io.nestlab.spec.VsphereVersion;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the bootstrap artifacts are rendered from: the spec plus what follows from it (the
 * address plan, parsed versions, vCenter's host, guest image kinds). Built once; refuses a spec the
 * L1 host could not build, naming every problem.
 */
public record LabFacts(
    LabSpec spec,
    String provider,
    List<String> sshAuthorizedKeys,
    LabAddressing addressing,
    VsphereVersion esxiVersion,
    VsphereVersion vcenterVersion,
    String vcenterHost,
    List<Guest> guests) {

  /** The libvirt network's name and its bridge (at most 15 characters). */
  public static final String NETWORK_NAME = "nestlab";

  public static final String BRIDGE_NAME = "nestlab0";
  public static final String VCENTER_NAME = io.nestlab.spec.VcenterSpec.HOSTNAME;
  public static final String L1_NAME = io.nestlab.spec.NetworkSpec.L1_HOSTNAME;
  public static final String SSO_DOMAIN = "vsphere.local";
  public static final String HOME = "/opt/nestlab";
  public static final String DATA = "/var/lib/nestlab/data";

  private static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
  private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");
  // https or a cloud's object storage (CloudTraits.storageSchemes). Plain http only on loopback:
  // what a provider's signer makes against a local test endpoint (moto, LocalStack); lab files
  // cannot name it (the spec validator refuses http://).
  private static final List<String> SCHEMES = schemes();
  private static final Pattern SAFE_URL =
      Pattern.compile(
          "^(?:(?:"
              + String.join("|", SCHEMES)
              + ")://|http://(?:127\\.0\\.0\\.1|localhost)(?::\\d+)?/)[^\\s'\"\\\\`$]+$");

  public LabFacts {
    sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys);
    guests = List.copyOf(guests);
  }

  /** A guest with the file name its image gets on the L1 host. */
  public record Guest(GuestSpec spec, String imageKind, String imageFile) {}

  public static LabFacts of(LabSpec spec, String provider, List<String> sshAuthorizedKeys) {
    List<Problem> problems = new ArrayList<>();
    List<EsxiHost> hosts = spec.hosts();
    checkNames(spec, problems);
    VsphereVersion esxi = version(spec.esxi().version(), "esxi.version", problems);
    LabAddressing.Result plan =
        LabAddressing.plan(spec.network(), hosts, UpgradePeak.isMigration(spec));
    if (plan.problem() != null) {
      problems.add(plan.problem());
    }
    media(spec.media().esxiIso(), "media.esxiIso", true, problems);
    if (spec.upgrade() != null) {
      media(spec.upgrade().esxiIso(), "upgrade.esxiIso", false, problems);
      media(spec.upgrade().vcsaIso(), "upgrade.vcsaIso", false, problems);
      media(spec.upgrade().esxiDepot(), "upgrade.esxiDepot", false, problems);
    }
    Vcenter vcenter = vcenter(spec, problems);
    List<Guest> guests = new ArrayList<>();
    for (int i = 0; i < spec.guests().size(); i++) {
      guests.add(guest(spec, i, problems));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("lab '" + spec.name() + "' cannot be bootstrapped", problems);
    }
    return new LabFacts(
        spec,
        provider,
        sshAuthorizedKeys,
        plan.addressing(),
        esxi,
        vcenter.version(),
        vcenter.host(),
        guests);
  }

  /** The lab's, its domain's and its hosts' names, which become DNS names. */
  private static void checkNames(LabSpec spec, List<Problem> problems) {
    if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
      problems.add(
          Problem.of(
              "name",
              "'"
                  + spec.name()
                  + "' cannot name the lab's hosts; use lowercase letters, digits and '-'"));
    }
    String domain = spec.network().domain();
    if (domain == null || !DOMAIN.matcher(domain).matches()) {
      problems.add(
          Problem.of(
              "network.domain",
              "'" + domain + "' is not a DNS domain; write it like lab.internal"));
    }
    if (spec.hosts().isEmpty()) {
      problems.add(Problem.of("esxi.count", "the lab needs at least one ESXi host"));
    }
    for (EsxiHost h : spec.hosts()) {
      if (!NAME.matcher(h.name()).matches()) {
        problems.add(
            Problem.of(
                "esxi.namePrefix",
                "host name '"
                    + h.name()
                    + "' is not a valid DNS label; use lowercase letters, digits and '-'"));
      }
    }
  }

  /** vCenter's version and the host it is deployed on (both null without a vcenter section). */
  private record Vcenter(VsphereVersion version, String host) {}

  private static Vcenter vcenter(LabSpec spec, List<Problem> problems) {
    Optional<VcenterSpec> vc = spec.vcenterIfPresent();
    if (vc.isEmpty()) {
      return new Vcenter(null, null);
    }
    List<EsxiHost> hosts = spec.hosts();
    VsphereVersion version = version(vc.get().version(), "vcenter.version", problems);
    media(spec.media().vcsaIso(), "media.vcsaIso", true, problems);
    String placement = vc.get().placement();
    String host = null;
    if (VcenterSpec.PLACEMENT_L1.equals(placement)) {
      host = VcenterSpec.PLACEMENT_L1;
    } else if (placement == null || placement.isBlank()) {
      host = hosts.isEmpty() ? null : hosts.get(0).name();
    } else if (hosts.stream().noneMatch(h -> h.name().equals(placement))) {
      problems.add(
          Problem.of(
              "vcenter.placement",
              "'" + placement + "' is not one of the lab's ESXi hosts " + names(hosts)));
    } else {
      host = placement;
    }
    String size = vc.get().size();
    if (size == null || !size.matches("[a-z][a-z0-9-]*")) {
      problems.add(
          Problem.of("vcenter.size", "'" + size + "' is not an appliance size such as tiny"));
    }
    return new Vcenter(version, host);
  }

  /** Guest {@code i}, with its image's kind and file name on the L1 host. */
  private static Guest guest(LabSpec spec, int i, List<Problem> problems) {
    GuestSpec g = spec.guests().get(i);
    List<EsxiHost> hosts = spec.hosts();
    String path = "guests[" + i + "]";
    if (g.name() == null || !NAME.matcher(g.name()).matches()) {
      problems.add(
          Problem.of(path + ".name", "'" + g.name() + "' is not a valid VM name for the lab"));
    }
    if (hosts.stream().noneMatch(h -> h.name().equals(g.host()))) {
      problems.add(
          Problem.of(
              path + ".host",
              "'" + g.host() + "' is not one of the lab's ESXi hosts " + names(hosts)));
    }
    if (spec.vcenterIfPresent().isEmpty()) {
      problems.add(Problem.of(path, "guests are deployed through vCenter; add a vcenter section"));
    }
    if (g.image() == null) {
      return new Guest(g, null, null);
    }
    media(new MediaRef(g.image(), null), path + ".image", true, problems);
    // The kind is in the path: a signed URL carries its signature in the query.
    String lower = g.image().replaceFirst("[?#].*$", "").toLowerCase(Locale.ROOT);
    String kind = null;
    if (lower.endsWith(".ova")) {
      kind = "ova";
    } else if (lower.endsWith(".iso")) {
      kind = "iso";
    } else {
      problems.add(
          Problem.of(path + ".image", "'" + g.image() + "' is neither an .iso nor an .ova"));
    }
    return new Guest(g, kind, kind == null ? null : g.name() + "." + kind);
  }

  private static String names(List<EsxiHost> hosts) {
    return hosts.stream().map(EsxiHost::name).toList().toString();
  }

  private static VsphereVersion version(String text, String path, List<Problem> problems) {
    Optional<VsphereVersion> v = VsphereVersion.parse(text);
    if (v.isEmpty()) {
      problems.add(
          Problem.of(
              path, "'" + text + "' is not a vSphere version; write it like 8.0U3 or 7.0U3"));
      return null;
    }
    if (v.get().major() < 6) {
      problems.add(Problem.of(path, v.get() + " is too old; NestLab builds 6.7 and later"));
    }
    return v.get();
  }

  private static void media(MediaRef ref, String path, boolean required, List<Problem> problems) {
    if (ref == null || ref.url() == null) {
      if (required) {
        problems.add(
            Problem.of(
                path,
                "the L1 host needs this installer image; give its url ("
                    + urlForms()
                    + "), and its sha256 to have the download checked"));
      }
      return;
    }
    if (!SAFE_URL.matcher(ref.url()).matches()) {
      problems.add(
          Problem.of(
              path + ".url",
              "'" + ref.url() + "' is not an " + urlForms() + " URL without spaces or quotes"));
    }
    if (ref.sha256() != null && !SHA256.matcher(ref.sha256()).matches()) {
      problems.add(Problem.of(path + ".sha256", "must be 64 hexadecimal digits"));
    }
  }

  /** https, then every cloud's object storage scheme (s3, gs), in the traits' order. */
  private static List<String> schemes() {
    List<String> schemes = new ArrayList<>(List.of("https"));
    for (CloudTraits c : Clouds.builtIn().all()) {
      c.storageSchemes().stream().sorted().filter(x -> !schemes.contains(x)).forEach(schemes::add);
    }
    return List.copyOf(schemes);
  }

  /** {@code https://, s3:// or gs://}. */
  private static String urlForms() {
    List<String> forms = SCHEMES.stream().map(x -> x + "://").toList();
    return forms.size() == 1
        ? forms.get(0)
        : String.join(", ", forms.subList(0, forms.size() - 1))
            + " or "
            + forms.get(forms.size() - 1);
  }

  public String labName() {
    return spec.name();
  }

  public String domain() {
    return spec.network().domain();
  }

  public String fqdn(String shortName) {
    return shortName + "." + domain();
  }

  public List<EsxiHost> hosts() {
    return spec.hosts();
  }

  public boolean hasVcenter() {
    return spec.vcenter() != null;
  }

  /**
   * Whether the appliance runs as a KVM guest on the L1 host (experimental) rather than on ESXi.
   */
  public boolean vcenterOnL1() {
    return VcenterSpec.PLACEMENT_L1.equals(vcenterHost);
  }

  public String datastore(String host) {
    return "ds-" + host;
  }

  public String hostIp(String host) {
    return addressing.hosts().get(host);
  }

  /** The sha256 of a media reference, lower case, or empty. */
  public static String sha(MediaRef ref) {
    return ref == null || ref.sha256() == null ? "" : ref.sha256().toLowerCase(Locale.ROOT);
  }

  /** A stable, non-secret identifier derived from text (for MAC addresses and UUIDs). */
  public static String stableHex(String text, int bytes) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
