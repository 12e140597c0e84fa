package io.nestlab.access;

import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.LabSpec;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a lab's parts answer. The L1 host has the only public address; vCenter and the ESXi hosts
 * live on the lab's private network inside it and are reached through a tunnel (a SOCKS proxy that
 * resolves names on the L1 host, or port forwards), by the names the lab's DNS gives them.
 *
 * @param l1Host the L1 host's public address, the SSH endpoint
 * @param vcenterFqdn vCenter's name on the lab network, or null when the lab has none
 * @param esxiFqdns every ESXi host's name on the lab network, in host order
 */
public record LabEndpoints(String l1Host, String vcenterFqdn, List<String> esxiFqdns) {
  /** vCenter's short name on the lab network; the bootstrap registers it in the lab's DNS. */
  public static final String VCENTER_NAME = io.nestlab.spec.VcenterSpec.HOSTNAME;

  public LabEndpoints {
    Objects.requireNonNull(l1Host, "l1Host");
    esxiFqdns = List.copyOf(esxiFqdns);
  }

  /** The endpoints of a lab built from {@code spec}, whose L1 host answers at {@code l1Host}. */
  public static LabEndpoints of(LabSpec spec, String l1Host) {
    String domain = spec.network().domain();
    return new LabEndpoints(
        l1Host,
        spec.vcenterIfPresent().isPresent() ? VCENTER_NAME + "." + domain : null,
        spec.hosts().stream().map(EsxiHost::name).map(n -> n + "." + domain).toList());
  }

  /** vCenter's web client, {@code https://vcsa.lab.internal/ui}, when the lab has vCenter. */
  public Optional<URI> vcenterUrl() {
    return Optional.ofNullable(vcenterFqdn).map(f -> URI.create("https://" + f + "/ui"));
  }

  /** Each ESXi host's web client, {@code https://esx-01.lab.internal/ui}. */
  public List<URI> esxiUrls() {
    return esxiFqdns.stream().map(f -> URI.create("https://" + f + "/ui")).toList();
  }

  /**
   * The forward that brings vCenter's HTTPS port to {@code localPort} on this machine (the browser
   * then warns that the certificate names {@link #vcenterFqdn()}, not localhost).
   */
  public Optional<PortForward> vcenterForward(int localPort) {
    return Optional.ofNullable(vcenterFqdn).map(f -> PortForward.of(localPort, f, 443));
  }
}
