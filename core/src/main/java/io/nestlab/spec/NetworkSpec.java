package io.nestlab.spec;

/**
 * The lab's private network inside the L1 host.
 *
 * @param cidr an IPv4 CIDR in a private range, for example {@code 10.10.0.0/24}
 * @param domain the DNS domain of the lab, for example {@code lab.internal}
 */
public record NetworkSpec(String cidr, String domain) {
  /** The L1 host's name in the lab's DNS (it is the lab network's gateway). */
  public static final String L1_HOSTNAME = "l1";

  public static final String DEFAULT_CIDR = "10.10.0.0/24";
  public static final String DEFAULT_DOMAIN = "lab.internal";

  public NetworkSpec {
    cidr = cidr == null ? DEFAULT_CIDR : cidr;
    domain = domain == null ? DEFAULT_DOMAIN : domain;
  }

  public static NetworkSpec defaults() {
    return new NetworkSpec(DEFAULT_CIDR, DEFAULT_DOMAIN);
  }
}
