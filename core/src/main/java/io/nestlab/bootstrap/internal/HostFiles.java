package io.nestlab.bootstrap.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestlab.Clouds;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.GuestSpec;
import io.nestlab.spec.MediaRef;
import io.nestlab.spec.UpgradePeak;
import io.nestlab.spec.VcenterSpec;
import io.nestlab.spec.VsphereVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration files the L1 host's scripts read; all free of secrets. */
public final class HostFiles {
  /** Seconds each bounded wait on the host may take. */
  public static final int ESXI_INSTALL_TIMEOUT_SECONDS = 2700;

  public static final int VCENTER_DEPLOY_TIMEOUT_SECONDS = 7200;
  public static final int VCENTER_CONFIGURE_TIMEOUT_SECONDS = 5400;
  public static final int DEFERRED_TIMEOUT_SECONDS = 10800;

  /** The tag / metadata key of the lease (the same as the SPI's LabTags.LEASE_UNTIL). */
  public static final String LEASE_KEY = "nestlab-lease-until";

  private static final ObjectMapper JSON = new ObjectMapper();

  private HostFiles() {}

  /** A resource of this package's {@code host/} folder, as text. */
  public static String resource(String name) {
    String path = "/io/nestlab/bootstrap/host/" + name;
    try (InputStream in = HostFiles.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String json(Object value) {
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
    pp.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    pp.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    try {
      return JSON.writer(pp).writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Single-quotes a value for a shell assignment. */
  static String sh(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * Where lab data goes, sourced by nestlab-lib.sh: the plan's data disk, or (0) every local disk
   * pooled (docs/design/0165). Apart from lab.env: it is this host's, also after a restore.
   */
  public static String storageEnv(int dataDiskGib) {
    return "# The plan's data disk in GiB; 0: none, lab data goes on all local NVMe, pooled.\n"
        + "DATA_DISK_GIB="
        + dataDiskGib
        + "\n";
  }

  /** Scalars for the shell scripts, sourced by nestlab-lib.sh. */
  public static String labEnv(LabFacts lab) {
    LabAddressing a = lab.addressing();
    StringBuilder b = new StringBuilder();
    b.append("# NestLab lab '")
        .append(lab.labName())
        .append("': settings for the bootstrap scripts.\n");
    b.append("# Rendered from the lab file; holds no secret (passwords are made on this host).\n");
    b.append("# shellcheck shell=bash disable=SC2034 # read by the scripts that source it\n");
    Map<String, String> v = new LinkedHashMap<>();
    v.put("LAB_NAME", lab.labName());
    v.put("PROVIDER", lab.provider());
    v.put("LEASE_SOURCE", Clouds.builtIn().get(lab.provider()).leaseSource().wire());
    v.put("LEASE_KEY", LEASE_KEY);
    v.put("LEASE_FALLBACK_SECONDS", String.valueOf(lab.spec().policy().ttl().toSeconds()));
    v.put("LAB_NETWORK", LabFacts.NETWORK_NAME);
    v.put("LAB_DOMAIN", lab.domain());
    v.put("LAB_CIDR", a.cidr());
    v.put("LAB_GATEWAY", a.gateway());
    v.put("LAB_NETMASK", a.netmask());
    v.put("LAB_PREFIX", String.valueOf(a.prefix()));
    v.put("SSO_DOMAIN", LabFacts.SSO_DOMAIN);
    v.put("ESXI_VERSION", lab.esxiVersion().toString());
    v.put("ESXI_HOSTS", String.join(" ", lab.hosts().stream().map(EsxiHost::name).toList()));
    v.put("ESXI_KERNELOPT_EXTRA", lab.esxiVersion().atLeast(7, 0, 0) ? " systemMediaSize=min" : "");
    v.put("ESXI_INSTALL_TIMEOUT_SECONDS", String.valueOf(ESXI_INSTALL_TIMEOUT_SECONDS));
    v.put("DEFERRED_TIMEOUT_SECONDS", String.valueOf(DEFERRED_TIMEOUT_SECONDS));
    v.put("ESXI_ISO_URL", lab.spec().media().esxiIso().url());
    v.put("ESXI_ISO_SHA256", LabFacts.sha(lab.spec().media().esxiIso()));
    v.put("VCENTER_ENABLED", lab.hasVcenter() ? "1" : "0");
    if (lab.hasVcenter()) {
      v.put("VCENTER_VERSION", lab.vcenterVersion().toString());
      v.put("VCENTER_FQDN", lab.fqdn(LabFacts.VCENTER_NAME));
      v.put("VCENTER_IP", a.vcenter());
      v.put("VCENTER_HOST", lab.vcenterHost());
      v.put("VCENTER_DEPLOY_TIMEOUT_SECONDS", String.valueOf(VCENTER_DEPLOY_TIMEOUT_SECONDS));
      v.put("VCENTER_CONFIGURE_TIMEOUT_SECONDS", String.valueOf(VCENTER_CONFIGURE_TIMEOUT_SECONDS));
      v.put("VCSA_ISO_URL", lab.spec().media().vcsaIso().url());
      v.put("VCSA_ISO_SHA256", LabFacts.sha(lab.spec().media().vcsaIso()));
    }
    // The upgrade's target installers, staged for the rehearsal (empty when not given).
    var up = lab.spec().upgrade();
    MediaRef upEsxi = up == null ? null : up.esxiIso();
    MediaRef upVcsa = up == null ? null : up.vcsaIso();
    v.put("UPGRADE_ESXI_VERSION", up == null || up.esxiVersion() == null ? "" : up.esxiVersion());
    v.put("UPGRADE_ESXI_ISO_URL", upEsxi == null ? "" : upEsxi.url());
    v.put("UPGRADE_ESXI_ISO_SHA256", LabFacts.sha(upEsxi));
    v.put(
        "UPGRADE_VCENTER_VERSION",
        up == null || up.vcenterVersion() == null ? "" : up.vcenterVersion());
    v.put("UPGRADE_VCSA_ISO_URL", upVcsa == null ? "" : upVcsa.url());
    v.put("UPGRADE_VCSA_ISO_SHA256", LabFacts.sha(upVcsa));
    // A vCenter major upgrade: where the new appliance goes, on which temporary address.
    UpgradePeak peak = UpgradePeak.of(lab.spec()).orElse(null);
    v.put("UPGRADE_APPLIANCE_HOST", peak == null ? "" : peak.applianceHost());
    v.put("UPGRADE_VCENTER_TEMP_IP", a.vcenterTemporary() == null ? "" : a.vcenterTemporary());
    v.forEach((k, val) -> b.append(k).append('=').append(sh(val)).append('\n'));
    return b.toString();
  }

  /** The lab inventory for jq and the pyVmomi configuration script. */
  public static String labJson(LabFacts lab) {
    LabAddressing a = lab.addressing();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("lab", lab.labName());
    root.put("provider", lab.provider());
    root.put("domain", lab.domain());
    Map<String, Object> net = new LinkedHashMap<>();
    net.put("cidr", a.cidr());
    net.put("gateway", a.gateway());
    net.put("netmask", a.netmask());
    net.put("prefix", a.prefix());
    net.put("dns", a.gateway());
    net.put("ntp", a.gateway());
    root.put("network", net);
    root.put("esxi", Map.of("version", lab.esxiVersion().toString()));
    List<Object> hosts = new ArrayList<>();
    for (EsxiHost h : lab.hosts()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", h.name());
      m.put("fqdn", lab.fqdn(h.name()));
      m.put("ip", lab.hostIp(h.name()));
      m.put("cpus", h.cpus());
      m.put("memoryGib", h.memoryGib());
      m.put("bootDiskGib", h.bootDiskGib());
      m.put("datastoreDiskGib", h.datastoreDiskGib());
      m.put("datastore", lab.datastore(h.name()));
      hosts.add(m);
    }
    root.put("hosts", hosts);
    if (lab.hasVcenter()) {
      VcenterSpec vc = lab.spec().vcenter();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", lab.vcenterVersion().toString());
      m.put("size", vc.size());
      m.put("name", LabFacts.VCENTER_NAME);
      m.put("fqdn", lab.fqdn(LabFacts.VCENTER_NAME));
      m.put("ip", a.vcenter());
      m.put("host", lab.vcenterHost());
      m.put("datacenter", lab.labName() + "-dc");
      m.put("cluster", lab.labName() + "-cluster");
      m.put("ssoDomain", LabFacts.SSO_DOMAIN);
      root.put("vcenter", m);
    }
    List<Object> guests = new ArrayList<>();
    for (LabFacts.Guest g : lab.guests()) {
      GuestSpec s = g.spec();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("cpus", s.cpus());
      m.put("memoryGib", s.memoryGib());
      m.put("diskGib", s.diskGib());
      m.put("host", s.host());
      m.put("image", s.image());
      m.put("imageKind", g.imageKind());
      m.put("imageFile", g.imageFile());
      guests.add(m);
    }
    root.put("guests", guests);
    return json(root);
  }

  /** Lines appended to the L1 host's /etc/hosts (the marker comment makes it idempotent). */
  public static String hostsFile(LabFacts lab) {
    LabAddressing a = lab.addressing();
    StringBuilder b =
        new StringBuilder("# nestlab-lab-hosts: lab ").append(lab.labName()).append('\n');
    b.append(a.gateway()).append(' ').append(lab.fqdn(LabFacts.L1_NAME)).append('\n');
    if (lab.hasVcenter()) {
      b.append(a.vcenter()).append(' ').append(lab.fqdn(LabFacts.VCENTER_NAME)).append(' ');
      b.append(LabFacts.VCENTER_NAME).append('\n');
    }
    for (EsxiHost h : lab.hosts()) {
      b.append(lab.hostIp(h.name())).append(' ').append(lab.fqdn(h.name())).append(' ');
      b.append(h.name()).append('\n');
    }
    return b.toString();
  }

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
    return json(root);
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

  public static String modprobe() {
    return "# NestLab: ESXi runs as a KVM guest and its own VMs need nested virtualization.\n"
        + "options kvm ignore_msrs=1 report_ignored_msrs=0\n"
        + "options kvm_intel nested=1 ept=1\n";
  }

  public static String chrony(LabFacts lab) {
    return "# NestLab: this host serves time to the lab network.\n"
        + "allow "
        + lab.addressing().cidr()
        + "\nlocal stratum 10\n";
  }

  public static String bootstrapService() {
    return """
        [Unit]
        Description=NestLab bootstrap: builds the nested vSphere lab on this host
        Wants=network-online.target libvirtd.service
        After=network-online.target libvirtd.service cloud-final.service

        [Service]
        Type=oneshot
        RemainAfterExit=yes
        ExecStart=/opt/nestlab/bin/nestlab-bootstrap.sh
        TimeoutStartSec=8h

        [Install]
        WantedBy=multi-user.target
        """;
  }

  public static String leaseService() {
    return """
        [Unit]
        Description=NestLab lease watchdog: power off when the lab's lease has ended
        After=network-online.target

        [Service]
        Type=oneshot
        ExecStart=/opt/nestlab/bin/nestlab-lease-check.sh
        """;
  }

  public static String leaseTimer() {
    return """
        [Unit]
        Description=NestLab lease watchdog, every minute

        [Timer]
        OnBootSec=2min
        OnUnitActiveSec=1min
        AccuracySec=10s

        [Install]
        WantedBy=timers.target
        """;
  }
}
