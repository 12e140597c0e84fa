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
    MediaRef upDepot = up == null ? null : up.esxiDepot(); // design 0170
    v.put("UPGRADE_ESXI_DEPOT_URL", upDepot == null ? "" : upDepot.url());
    v.put("UPGRADE_ESXI_DEPOT_SHA256", LabFacts.sha(upDepot));
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
