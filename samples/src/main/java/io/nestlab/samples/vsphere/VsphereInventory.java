package io.nestlab.samples.vsphere;

import io.nestlab.access.LabEndpoints;
import io.nestlab.access.SshTarget;
import java.util.Optional;

/**
 * A tiny piece of vSphere automation, the kind NestLab's JUnit extension tests: an Ansible
 * inventory of a lab's vCenter and ESXi hosts. They answer on the lab network only, so Ansible
 * reaches them through the L1 host (SSH {@code ProxyJump}) when there is one to jump through.
 */
public final class VsphereInventory {
  private VsphereInventory() {}

  /** The inventory in Ansible's INI format. */
  public static String render(LabEndpoints endpoints, Optional<SshTarget> l1) {
    StringBuilder out = new StringBuilder();
    if (endpoints.vcenterFqdn() != null) {
      out.append("[vcenter]\n").append(endpoints.vcenterFqdn()).append("\n\n");
    }
    out.append("[esxi]\n");
    endpoints.esxiFqdns().forEach(h -> out.append(h).append('\n'));
    if (l1.isPresent()) {
      SshTarget jump = l1.get();
      out.append("\n[all:vars]\n")
          .append("ansible_ssh_common_args='-o ProxyJump=")
          .append(jump.user())
          .append('@')
          .append(jump.host())
          .append(':')
          .append(jump.port())
          .append("'\n");
    }
    return out.toString();
  }
}
