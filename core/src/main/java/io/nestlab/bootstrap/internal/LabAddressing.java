package io.nestlab.bootstrap.internal;

import io.nestlab.Problem;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab network's fixed address plan inside the spec's IPv4 CIDR: the L1 host (gateway, DNS, NTP)
 * at offset 1, vCenter at 10, ESXi host N at 10 + N, DHCP for guests from offset 128 (or the upper
 * half of smaller networks) to the last usable address. A vCenter major upgrade's new appliance
 * gets a temporary address reserved at offset 9 (right after the last host in networks under 64
 * addresses), with forward and reverse DNS as {@value #VCENTER_TEMPORARY_NAME}.
 */
public record LabAddressing(
    int network,
    int prefix,
    String gateway,
    String netmask,
    String vcenter,
    Map<String, String> hosts,
    String dhcpStart,
    String dhcpEnd,
    String vcenterTemporary) {

  public static final int VCENTER_OFFSET = 10;

  /** The short DNS name of a vCenter major upgrade's new appliance on its temporary address. */
  public static final String VCENTER_TEMPORARY_NAME = "vcsa-upgrade";

  public LabAddressing {
    hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
  }

  /** Plans addresses without a temporary appliance address, or returns the problem. */
  public static Result plan(NetworkSpec spec, List<EsxiHost> esxiHosts) {
    return plan(spec, esxiHosts, false);
  }

  /**
   * Plans addresses, or returns the problem that prevents it.
   *
   * @param temporary whether to reserve the temporary address of a vCenter major upgrade's new
   *     appliance ({@link #vcenterTemporary}; null otherwise)
   */
  public static Result plan(NetworkSpec spec, List<EsxiHost> esxiHosts, boolean temporary) {
    String cidr = spec.cidr() == null ? "" : spec.cidr().trim();
    int slash = cidr.indexOf('/');
    Optional<Integer> base = slash < 0 ? Optional.empty() : parseIpv4(cidr.substring(0, slash));
    int prefix;
    try {
      prefix = slash < 0 ? -1 : Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (base.isEmpty() || prefix < 0 || prefix > 32) {
      return Result.problem(
          Problem.of(
              "network.cidr", "'" + cidr + "' is not an IPv4 CIDR; write it like 10.10.0.0/24"));
    }
    if (prefix < 16 || prefix > 29) {
      return Result.problem(
          Problem.of(
              "network.cidr",
              "prefix /"
                  + prefix
                  + (prefix < 16
                      ? " is larger than a lab network may be (at most a /16)"
                      : " is too small: the lab network needs room for the L1 host, vCenter and"
                          + " the ESXi hosts")
                  + "; use a /24 such as 10.10.0.0/24"));
    }
    int size = 1 << (32 - prefix);
    int mask = -1 << (32 - prefix);
    int network = base.get() & mask;
    // Small networks (under 64 addresses) pack vCenter and the hosts right after the gateway.
    int vcenterOffset = size >= 64 ? VCENTER_OFFSET : 2;
    int firstHost = vcenterOffset + 1;
    int lastHostOffset = firstHost + esxiHosts.size() - 1;
    int temporaryOffset = !temporary ? -1 : size >= 64 ? vcenterOffset - 1 : lastHostOffset + 1;
    if (Math.max(lastHostOffset, temporaryOffset) > size - 2) {
      return Result.problem(
          Problem.of(
              "network.cidr",
              cidr
                  + " has "
                  + (size - 2)
                  + " usable addresses, too few for the L1 host, vCenter and "
                  + esxiHosts.size()
                  + " ESXi hosts; use a /24"));
    }
    int dhcpFirst =
        Math.max(Math.max(lastHostOffset, temporaryOffset) + 1, Math.min(128, size / 2));
    int dhcpLast = Math.min(size - 2, dhcpFirst + 253);
    boolean dhcp = dhcpLast - dhcpFirst >= 3;
    Map<String, String> hosts = new LinkedHashMap<>();
    for (EsxiHost h : esxiHosts) {
      hosts.put(h.name(), format(network + firstHost + h.index() - 1));
    }
    return new Result(
        new LabAddressing(
            network,
            prefix,
            format(network + 1),
            format(mask),
            format(network + vcenterOffset),
            hosts,
            dhcp ? format(network + dhcpFirst) : null,
            dhcp ? format(network + dhcpLast) : null,
            temporaryOffset < 0 ? null : format(network + temporaryOffset)),
        null);
  }

  /** The network address in dotted form. */
  public String networkAddress() {
    return format(network);
  }

  public String cidr() {
    return networkAddress() + "/" + prefix;
  }

  static Optional<Integer> parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    int value = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      int octet = Integer.parseInt(p);
      if (octet > 255) {
        return Optional.empty();
      }
      value = (value << 8) | octet;
    }
    return Optional.of(value);
  }

  static String format(int address) {
    return ((address >>> 24) & 0xff)
        + "."
        + ((address >>> 16) & 0xff)
        + "."
        + ((address >>> 8) & 0xff)
        + "."
        + (address & 0xff);
  }

  /** Either an address plan or the problem with the spec. */
  public record Result(LabAddressing addressing, Problem problem) {
    static Result problem(Problem p) {
      return new Result(null, p);
    }
  }
}
