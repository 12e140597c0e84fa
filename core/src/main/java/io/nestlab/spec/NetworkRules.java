package io.nestlab.spec;

import io.nestlab.Problem;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lab network's rules: its CIDR, its DNS domain and the hostnames on it. */
final class NetworkRules extends SpecRules {
  private static final Pattern CIDR =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  NetworkRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
  }

  void hostnames(LabSpec spec, List<EsxiHost> hosts) {
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
      if (!SpecValidator.HOST_LABEL.matcher(name).matches()) {
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

  void network(LabSpec spec, int hostCount) {
    cidr(spec, hostCount);
    domain(spec.network().domain());
  }

  private void cidr(LabSpec spec, int hostCount) {
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
          addresses(spec, hostCount, prefix);
        }
      }
    }
  }

  /** Whether the network has an address for everything on it. */
  private void addresses(LabSpec spec, int hostCount, int prefix) {
    NetworkSpec net = spec.network();
    // A vCenter major upgrade deploys its new appliance on a temporary address of the network.
    int temporary = UpgradePeak.isMigration(spec) ? 1 : 0;
    int needed =
        hostCount + (spec.vcenter() != null ? 1 : 0) + temporary + spec.guests().size() + 2;
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
              + (temporary > 0 ? "the new appliance's temporary address, " : "")
              + spec.guests().size()
              + (spec.guests().size() == 1 ? " guest" : " guests")
              + ", the gateway and DNS); use a /"
              + fitting
              + " or larger");
    }
  }

  private void domain(String domain) {
    boolean ok = !domain.isEmpty() && domain.length() <= 200 && !domain.endsWith(".");
    if (ok) {
      for (String label : domain.split("\\.", -1)) {
        ok &= SpecValidator.HOST_LABEL.matcher(label).matches();
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
}
