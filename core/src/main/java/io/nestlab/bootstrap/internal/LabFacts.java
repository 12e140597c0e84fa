package io.nestlab.bootstrap.internal;

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
  // Plain http only on loopback: what a provider's signer makes against a local test endpoint
  // (moto, LocalStack); lab files cannot name it (the spec validator refuses http://).
  private static final Pattern SAFE_URL =
      Pattern.compile(
          "^(?:(?:https|s3|gs)://|http://(?:127\\.0\\.0\\.1|localhost)(?::\\d+)?/)[^\\s'\"\\\\`$]+$");

  public LabFacts {
    sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys);
    guests = List.copyOf(guests);
  }

  /** A guest with the file name its image gets on the L1 host. */
  public record Guest(GuestSpec spec, String imageKind, String imageFile) {}

  public static LabFacts of(LabSpec spec, String provider, List<String> sshAuthorizedKeys) {
    List<Problem> problems = new ArrayList<>();
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
    List<EsxiHost> hosts = spec.hosts();
    if (hosts.isEmpty()) {
      problems.add(Problem.of("esxi.count", "the lab needs at least one ESXi host"));
    }
    for (EsxiHost h : hosts) {
      if (!NAME.matcher(h.name()).matches()) {
        problems.add(
            Problem.of(
                "esxi.namePrefix",
                "host name '"
                    + h.name()
                    + "' is not a valid DNS label; use lowercase letters, digits and '-'"));
      }
    }
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

    VsphereVersion vcenter = null;
    String vcenterHost = null;
    Optional<VcenterSpec> vc = spec.vcenterIfPresent();
    if (vc.isPresent()) {
      vcenter = version(vc.get().version(), "vcenter.version", problems);
      media(spec.media().vcsaIso(), "media.vcsaIso", true, problems);
      String placement = vc.get().placement();
      if (VcenterSpec.PLACEMENT_L1.equals(placement)) {
        vcenterHost = VcenterSpec.PLACEMENT_L1;
      } else if (placement == null || placement.isBlank()) {
        vcenterHost = hosts.isEmpty() ? null : hosts.get(0).name();
      } else if (hosts.stream().noneMatch(h -> h.name().equals(placement))) {
        problems.add(
            Problem.of(
                "vcenter.placement",
                "'" + placement + "' is not one of the lab's ESXi hosts " + names(hosts)));
      } else {
        vcenterHost = placement;
      }
      String size = vc.get().size();
      if (size == null || !size.matches("[a-z][a-z0-9-]*")) {
        problems.add(
            Problem.of("vcenter.size", "'" + size + "' is not an appliance size such as tiny"));
      }
    }

    List<Guest> guests = new ArrayList<>();
    for (int i = 0; i < spec.guests().size(); i++) {
      GuestSpec g = spec.guests().get(i);
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
      if (vc.isEmpty()) {
        problems.add(
            Problem.of(path, "guests are deployed through vCenter; add a vcenter section"));
      }
      String kind = null;
      String file = null;
      if (g.image() != null) {
        media(new MediaRef(g.image(), null), path + ".image", true, problems);
        // The kind is in the path: a signed URL carries its signature in the query.
        String lower = g.image().replaceFirst("[?#].*$", "").toLowerCase(Locale.ROOT);
        if (lower.endsWith(".ova")) {
          kind = "ova";
        } else if (lower.endsWith(".iso")) {
          kind = "iso";
        } else {
          problems.add(
              Problem.of(path + ".image", "'" + g.image() + "' is neither an .iso nor an .ova"));
        }
        file = g.name() + "." + kind;
      }
      guests.add(new Guest(g, kind, file));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("lab '" + spec.name() + "' cannot be bootstrapped", problems);
    }
    return new LabFacts(
        spec, provider, sshAuthorizedKeys, plan.addressing(), esxi, vcenter, vcenterHost, guests);
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
                "the L1 host needs this installer image; give its url (https://, s3:// or gs://),"
                    + " and its sha256 to have the download checked"));
      }
      return;
    }
    if (!SAFE_URL.matcher(ref.url()).matches()) {
      problems.add(
          Problem.of(
              path + ".url",
              "'"
                  + ref.url()
                  + "' is not an https://, s3:// or gs:// URL without spaces or quotes"));
    }
    if (ref.sha256() != null && !SHA256.matcher(ref.sha256()).matches()) {
      problems.add(Problem.of(path + ".sha256", "must be 64 hexadecimal digits"));
    }
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
