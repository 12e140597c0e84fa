package io.nestlab.bootstrap.internal;

import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.VsphereVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What VMware's installers read on the L1 host: each ESXi host's kickstart, and vCenter's
 * vcsa-deploy template or (placement {@code l1}) OVF environment. All free of secrets: passwords
 * are placeholders the host fills in.
 */
public final class VsphereFiles {
  private VsphereFiles() {}

  /** Unattended install of one ESXi host; the root password hash is filled in on the L1 host. */
  public static String kickstart(LabFacts lab, EsxiHost host) {
    LabAddressing a = lab.addressing();
    VsphereVersion v = lab.esxiVersion();
    String fqdn = lab.fqdn(host.name());
    String ds = lab.datastore(host.name());
    StringBuilder b = new StringBuilder();
    b.append("# NestLab lab '").append(lab.labName()).append("': unattended install of ");
    b.append(fqdn).append(" (ESXi ").append(v).append(").\n");
    b.append("# The root password enters as a SHA-512 crypt hash, filled in on the L1 host.\n");
    b.append("vmaccepteula\n");
    b.append("install --firstdisk --overwritevmfs\n");
    b.append("rootpw --iscrypted @ROOT_PW_HASH@\n");
    b.append("network --bootproto=static --device=vmnic0 --ip=").append(lab.hostIp(host.name()));
    b.append(" --netmask=").append(a.netmask()).append(" --gateway=").append(a.gateway());
    b.append(" --nameserver=").append(a.gateway()).append(" --hostname=").append(fqdn);
    b.append(" --addvmportgroup=1\n");
    b.append("keyboard 'US Default'\n");
    b.append("reboot\n\n");
    b.append("%firstboot --interpreter=busybox\n");
    b.append("# Nested VMs behind a KVM NIC: promiscuous mode and forged transmits on vSwitch0,\n");
    b.append("# and the VMkernel NIC follows the hardware MAC address\n");
    b.append("esxcli network vswitch standard policy security set --vswitch-name=vSwitch0");
    b.append(" --allow-promiscuous=true --allow-forged-transmits=true --allow-mac-change=true\n");
    b.append("esxcli system settings advanced set -o /Net/FollowHardwareMac -i 1\n");
    b.append("# This host's VMs may run hypervisors too\n");
    b.append("grep -q '^vmx.allowNested' /etc/vmware/config ||");
    b.append(" echo 'vmx.allowNested = \"TRUE\"' >> /etc/vmware/config\n");
    b.append("# Time from the L1 host\n");
    if (v.atLeast(7, 0, 1)) {
      b.append("esxcli system ntp set --server=").append(a.gateway()).append(" --enabled=true\n");
    } else {
      b.append("echo 'server ").append(a.gateway()).append("' >> /etc/ntp.conf\n");
      b.append("chkconfig ntpd on\n");
      b.append("/etc/init.d/ntpd restart\n");
    }
    if (host.datastoreDiskGib() == 0) {
      b.append("# No datastore disk (datastoreDiskGib: 0): ESXi keeps only its boot disk\n");
    } else {
      b.append("# The second disk (blank) becomes VMFS datastore ").append(ds).append('\n');
      b.append("if ! esxcli storage filesystem list | grep -q ' ").append(ds).append(" '; then\n");
      b.append("  for d in $(ls /vmfs/devices/disks/ | grep -v ':' | grep -v '^vml\\.'); do\n");
      b.append("    p=/vmfs/devices/disks/$d\n");
      b.append("    if [ \"$(partedUtil getptbl \"$p\" | wc -l)\" -le 2 ]; then\n");
      b.append("      end=$(partedUtil getUsableSectors \"$p\" | awk '{print $2}')\n");
      b.append(
          "      partedUtil setptbl \"$p\" gpt \"1 2048 $end AA31E02A400F11DB9590000C2911D1B8 0\"\n");
      b.append("      vmkfstools -C ").append(v.atLeast(6, 5, 0) ? "vmfs6" : "vmfs5");
      b.append(" -S ").append(ds).append(" \"$p:1\"\n");
      b.append("      break\n");
      b.append("    fi\n");
      b.append("  done\n");
      b.append("fi\n");
      b.append(
          "# SSH comes on only with the datastore: without it the L1 host reports this host\n");
      b.append("# as failed (it waits for SSH) instead of counting it as installed\n");
      b.append("if ! esxcli storage filesystem list | grep -q ' ").append(ds).append(" '; then\n");
      b.append("  echo 'nestlab: datastore ").append(ds);
      b.append(" was not created; SSH stays off'\n");
      b.append("  exit 1\n");
      b.append("fi\n");
    }
    b.append(
        "# Last: SSH and the shell on (the L1 host waits for SSH to know the install is done)\n");
    b.append("vim-cmd hostsvc/enable_ssh\n");
    b.append("vim-cmd hostsvc/start_ssh\n");
    b.append("vim-cmd hostsvc/enable_esx_shell\n");
    b.append("vim-cmd hostsvc/start_esx_shell\n");
    b.append("esxcli system settings advanced set -o /UserVars/SuppressShellWarning -i 1\n");
    return b.toString();
  }

  /** The vcsa-deploy template; the three passwords stay empty until the L1 host fills them in. */
  public static String vcsaDeployJson(LabFacts lab) {
    LabAddressing a = lab.addressing();
    String host = lab.vcenterHost();
    Map<String, Object> esxi = new LinkedHashMap<>();
    esxi.put("hostname", lab.hostIp(host));
    esxi.put("username", "root");
    esxi.put("password", "");
    esxi.put("deployment_network", "VM Network");
    esxi.put("datastore", lab.datastore(host));
    Map<String, Object> appliance = new LinkedHashMap<>();
    appliance.put("thin_disk_mode", true);
    appliance.put("deployment_option", lab.spec().vcenter().size());
    appliance.put("name", LabFacts.VCENTER_NAME);
    Map<String, Object> network = new LinkedHashMap<>();
    network.put("ip_family", "ipv4");
    network.put("mode", "static");
    network.put("system_name", lab.fqdn(LabFacts.VCENTER_NAME));
    network.put("ip", a.vcenter());
    network.put("prefix", String.valueOf(a.prefix()));
    network.put("gateway", a.gateway());
    network.put("dns_servers", List.of(a.gateway()));
    Map<String, Object> os = new LinkedHashMap<>();
    os.put("password", "");
    os.put("ntp_servers", a.gateway());
    os.put("ssh_enable", true);
    Map<String, Object> sso = new LinkedHashMap<>();
    sso.put("password", "");
    sso.put("domain_name", LabFacts.SSO_DOMAIN);
    Map<String, Object> vcsa = new LinkedHashMap<>();
    vcsa.put("esxi", esxi);
    vcsa.put("appliance", appliance);
    vcsa.put("network", network);
    vcsa.put("os", os);
    vcsa.put("sso", sso);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("__version", "2.13.0");
    root.put(
        "__comments",
        "NestLab lab '"
            + lab.labName()
            + "': vCenter "
            + lab.vcenterVersion()
            + " on "
            + lab.fqdn(host)
            + "; passwords are filled in on the L1 host");
    root.put("new_vcsa", vcsa);
    root.put("ceip", Map.of("settings", Map.of("ceip_enabled", false)));
    return HostFiles.json(root);
  }

  /**
   * The appliance's OVF environment for placement {@code l1} (the OVF "iso" transport): the same
   * settings vcsa-deploy would give it. The two passwords are placeholders filled in on the host.
   */
  public static String ovfEnv(LabFacts lab) {
    LabAddressing a = lab.addressing();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("guestinfo.cis.deployment.node.type", "embedded");
    p.put("guestinfo.cis.deployment.autoconfig", "True");
    p.put("guestinfo.cis.appliance.net.addr.family", "ipv4");
    p.put("guestinfo.cis.appliance.net.mode", "static");
    p.put("guestinfo.cis.appliance.net.addr", a.vcenter());
    p.put("guestinfo.cis.appliance.net.prefix", String.valueOf(a.prefix()));
    p.put("guestinfo.cis.appliance.net.gateway", a.gateway());
    p.put("guestinfo.cis.appliance.net.dns.servers", a.gateway());
    p.put("guestinfo.cis.appliance.net.pnid", lab.fqdn(LabFacts.VCENTER_NAME));
    p.put("guestinfo.cis.appliance.root.passwd", "@VCSA_ROOT_PASSWORD@");
    p.put("guestinfo.cis.appliance.ssh.enabled", "True");
    p.put("guestinfo.cis.appliance.ntp.servers", a.gateway());
    p.put("guestinfo.cis.appliance.time.tools-sync", "False");
    p.put("guestinfo.cis.vmdir.domain-name", LabFacts.SSO_DOMAIN);
    p.put("guestinfo.cis.vmdir.site-name", "default-site");
    p.put("guestinfo.cis.vmdir.password", "@SSO_PASSWORD@");
    p.put("guestinfo.cis.ceip_enabled", "False");
    Xml x = new Xml();
    x.open(
        "Environment",
        "xmlns",
        "http://schemas.dmtf.org/ovf/environment/1",
        "xmlns:oe",
        "http://schemas.dmtf.org/ovf/environment/1",
        "oe:id",
        LabFacts.VCENTER_NAME);
    x.comment(
        "NestLab lab '" + lab.labName() + "': vCenter " + lab.vcenterVersion() + " on the L1 host");
    x.open("PropertySection");
    p.forEach((k, v) -> x.empty("Property", "oe:key", k, "oe:value", v));
    x.close("PropertySection");
    x.close("Environment");
    return "<?xml version='1.0' encoding='UTF-8'?>\n" + x;
  }
}
