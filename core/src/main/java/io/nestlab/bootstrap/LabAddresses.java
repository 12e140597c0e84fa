package io.nestlab.bootstrap;

import io.nestlab.bootstrap.internal.LabFacts;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.LabSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The addresses and names the bootstrap gives a lab's machines on its network, for programs that
 * later act on them (the upgrade rehearsal's {@code rehearsal.json}).
 *
 * @param vcenterName the appliance's short DNS name
 * @param vcenterFqdn its fully qualified name
 * @param vcenterAddress its address
 * @param vcenterPlacement where it runs: {@code l1} or an ESXi host's name
 * @param temporaryAddress the temporary address of a major upgrade's new appliance, or null
 * @param hosts each ESXi host's address by its name, in order
 */
public record LabAddresses(
    String vcenterName,
    String vcenterFqdn,
    String vcenterAddress,
    String vcenterPlacement,
    String temporaryAddress,
    Map<String, String> hosts) {
  public LabAddresses {
    hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
  }

  /** The addresses of {@code spec}'s lab, as its bootstrap plans them. */
  public static LabAddresses of(LabSpec spec, String provider) {
    LabFacts facts = LabFacts.of(spec, provider, java.util.List.of());
    Map<String, String> hosts = new LinkedHashMap<>();
    for (EsxiHost h : spec.esxi().hosts()) {
      hosts.put(h.name(), facts.hostIp(h.name()));
    }
    return new LabAddresses(
        LabFacts.VCENTER_NAME,
        facts.fqdn(LabFacts.VCENTER_NAME),
        facts.addressing().vcenter(),
        facts.vcenterHost(),
        facts.addressing().vcenterTemporary(),
        hosts);
  }
}
