package io.nestlab.bootstrap.internal;

import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.VcenterSpec;
import io.nestlab.spec.VsphereKnowledge;
import io.nestlab.spec.VsphereVersion;

/** The lab's libvirt network and one libvirt domain per ESXi host. */
public final class LibvirtXml {
  private LibvirtXml() {}

  /**
   * A NAT network on bridge {@value LabFacts#BRIDGE_NAME}: the L1 host is the gateway; libvirt's
   * dnsmasq answers forward and reverse DNS for every ESXi host, vCenter and the L1 host (vCenter's
   * deployment fails without resolvable names); guests get DHCP from the upper part of the range.
   */
  public static String network(LabFacts lab) {
    LabAddressing a = lab.addressing();
    Xml x = new Xml();
    x.open("network");
    x.comment("NestLab lab '" + lab.labName() + "': " + a.cidr() + ", DNS domain " + lab.domain());
    x.text("name", LabFacts.NETWORK_NAME);
    x.empty("forward", "mode", "nat");
    x.empty("bridge", "name", LabFacts.BRIDGE_NAME, "stp", "on", "delay", "0");
    x.empty("domain", "name", lab.domain(), "localOnly", "yes");
    x.open("dns");
    dnsHost(x, a.gateway(), lab.fqdn(LabFacts.L1_NAME));
    if (lab.hasVcenter()) {
      dnsHost(x, a.vcenter(), lab.fqdn(LabFacts.VCENTER_NAME));
    }
    if (a.vcenterTemporary() != null) {
      dnsHost(x, a.vcenterTemporary(), lab.fqdn(LabAddressing.VCENTER_TEMPORARY_NAME));
    }
    for (EsxiHost h : lab.hosts()) {
      dnsHost(x, lab.hostIp(h.name()), lab.fqdn(h.name()));
    }
    x.close("dns");
    x.open("ip", "address", a.gateway(), "netmask", a.netmask());
    if (a.dhcpStart() != null) {
      x.open("dhcp");
      x.empty("range", "start", a.dhcpStart(), "end", a.dhcpEnd());
      x.close("dhcp");
    }
    x.close("ip");
    x.close("network");
    return x.toString();
  }

  private static void dnsHost(Xml x, String ip, String fqdn) {
    x.open("host", "ip", ip);
    x.text("hostname", fqdn);
    x.close("host");
  }

  /** The NIC model ESXi of this version has a driver for: e1000e up to 7.x, vmxnet3 from 8.0. */
  public static String nicModel(VsphereVersion v) {
    return v.major() >= 8 ? "vmxnet3" : "e1000e";
  }

  /** q35 with UEFI from ESXi 7.0; i440fx with BIOS for 6.x. */
  public static boolean modernMachine(VsphereVersion v) {
    return v.major() >= 7;
  }

  /** A stable locally administered MAC address (QEMU's 52:54:00 prefix) for a host of a lab. */
  public static String mac(LabFacts lab, String host) {
    String h = LabFacts.stableHex(lab.labName() + "/" + host, 3);
    return "52:54:00:" + h.substring(0, 2) + ":" + h.substring(2, 4) + ":" + h.substring(4, 6);
  }

  /**
   * One ESXi host: host-passthrough CPU with vmx required, memory and vCPUs as planned, SATA boot
   * and datastore disks (thin qcow2), the remastered installer ISO after the boot disk in boot
   * order (an empty disk falls through to the ISO; the installed disk boots first afterwards), one
   * NIC on the lab network, a serial console logged to a file, VNC on loopback for debugging.
   */
  public static String domain(LabFacts lab, EsxiHost host) {
    VsphereVersion v = lab.esxiVersion();
    boolean modern = modernMachine(v);
    String disks = LabFacts.DATA + "/disks/";
    Xml x = new Xml();
    x.open("domain", "type", "kvm");
    x.text("name", host.name());
    x.text("title", "NestLab " + lab.labName() + ": ESXi " + v + " host " + lab.fqdn(host.name()));
    x.text("memory", String.valueOf(host.memoryGib()), "unit", "GiB");
    x.text("currentMemory", String.valueOf(host.memoryGib()), "unit", "GiB");
    x.text("vcpu", String.valueOf(host.cpus()), "placement", "static");
    if (modern) {
      x.open("os", "firmware", "efi");
      x.text("type", "hvm", "arch", "x86_64", "machine", "q35");
      x.open("firmware");
      x.empty("feature", "enabled", "no", "name", "secure-boot");
      x.close("firmware");
    } else {
      x.open("os");
      x.text("type", "hvm", "arch", "x86_64", "machine", "pc");
    }
    x.close("os");
    x.open("features");
    x.empty("acpi");
    x.empty("apic");
    x.empty("vmport", "state", "off");
    x.close("features");
    x.open("cpu", "mode", "host-passthrough", "check", "none", "migratable", "off");
    x.empty("topology", "sockets", "1", "cores", String.valueOf(host.cpus()), "threads", "1");
    x.empty("feature", "policy", "require", "name", "vmx");
    x.close("cpu");
    x.empty("clock", "offset", "utc");
    x.text("on_poweroff", "destroy");
    x.text("on_reboot", "restart");
    x.text("on_crash", "destroy");
    x.open("devices");
    disk(x, disks + host.name() + "-boot.qcow2", "sda", 1);
    if (host.datastoreDiskGib() > 0) {
      disk(x, disks + host.name() + "-datastore.qcow2", "sdb", 0);
    }
    x.open("disk", "type", "file", "device", "cdrom");
    x.empty("driver", "name", "qemu", "type", "raw");
    x.empty(
        "source", "file", LabFacts.DATA + "/esxi/" + host.name() + "/esxi-" + host.name() + ".iso");
    x.empty("target", "dev", "sdc", "bus", "sata");
    x.empty("readonly");
    x.empty("boot", "order", "2");
    x.close("disk");
    x.empty("controller", "type", "sata", "index", "0");
    x.open("interface", "type", "network");
    x.empty("mac", "address", mac(lab, host.name()));
    x.empty("source", "network", LabFacts.NETWORK_NAME);
    x.empty("model", "type", nicModel(v));
    x.close("interface");
    x.open("serial", "type", "pty");
    x.empty("log", "file", "/var/log/nestlab/" + host.name() + "-serial.log", "append", "on");
    x.empty("target", "port", "0");
    x.close("serial");
    x.open("console", "type", "pty");
    x.empty("target", "type", "serial", "port", "0");
    x.close("console");
    x.open("graphics", "type", "vnc", "autoport", "yes", "listen", "127.0.0.1");
    x.empty("listen", "type", "address", "address", "127.0.0.1");
    x.close("graphics");
    x.open("video");
    x.empty("model", "type", "vga");
    x.close("video");
    x.empty("memballoon", "model", "none");
    x.close("devices");
    x.close("domain");
    return x.toString();
  }

  /**
   * The vCenter appliance as a KVM guest (placement {@code l1}, experimental): VMware's own
   * paravirtual devices, which the appliance's kernel has drivers for (PVSCSI disks, vmxnet3 NIC),
   * the OVF environment ISO on SATA; vCPUs and memory of the appliance size. The disks are added on
   * the host from the appliance's OVA by nestlab-vcsa-kvm.py.
   */
  public static String vcenterDomain(LabFacts lab) {
    VcenterSpec vc = lab.spec().vcenter();
    int cpus = 2;
    int memoryGib = 14;
    var version = VsphereVersion.parse(vc.version());
    if (version.isPresent()) {
      var size = VsphereKnowledge.embedded().vcenterSize(version.get(), vc.size());
      if (size.isPresent()) {
        cpus = size.get().cpus();
        memoryGib = size.get().memoryGib();
      }
    }
    Xml x = new Xml();
    x.open("domain", "type", "kvm");
    x.text("name", LabFacts.VCENTER_NAME);
    x.text(
        "title",
        "NestLab "
            + lab.labName()
            + ": vCenter "
            + lab.vcenterVersion()
            + " ("
            + vc.size()
            + ") "
            + lab.fqdn(LabFacts.VCENTER_NAME));
    x.text("memory", String.valueOf(memoryGib), "unit", "GiB");
    x.text("vcpu", String.valueOf(cpus), "placement", "static");
    x.open("os");
    x.text("type", "hvm", "arch", "x86_64", "machine", "q35");
    x.close("os");
    x.open("features");
    x.empty("acpi");
    x.empty("apic");
    x.close("features");
    x.empty("cpu", "mode", "host-passthrough", "check", "none", "migratable", "off");
    x.empty("clock", "offset", "utc");
    x.text("on_poweroff", "destroy");
    x.text("on_reboot", "restart");
    x.text("on_crash", "destroy");
    x.open("devices");
    x.empty("controller", "type", "scsi", "index", "0", "model", "vmpvscsi");
    x.empty("controller", "type", "sata", "index", "0");
    x.open("disk", "type", "file", "device", "cdrom");
    x.empty("driver", "name", "qemu", "type", "raw");
    x.empty("source", "file", LabFacts.DATA + "/vcenter/kvm/ovf-env.iso");
    x.empty("target", "dev", "sdz", "bus", "sata");
    x.empty("readonly");
    x.close("disk");
    x.open("interface", "type", "network");
    x.empty("mac", "address", mac(lab, LabFacts.VCENTER_NAME));
    x.empty("source", "network", LabFacts.NETWORK_NAME);
    x.empty("model", "type", "vmxnet3");
    x.close("interface");
    x.open("serial", "type", "pty");
    x.empty("log", "file", "/var/log/nestlab/vcsa-serial.log", "append", "on");
    x.empty("target", "port", "0");
    x.close("serial");
    x.open("console", "type", "pty");
    x.empty("target", "type", "serial", "port", "0");
    x.close("console");
    x.open("graphics", "type", "vnc", "autoport", "yes", "listen", "127.0.0.1");
    x.empty("listen", "type", "address", "address", "127.0.0.1");
    x.close("graphics");
    x.open("video");
    x.empty("model", "type", "vga");
    x.close("video");
    x.close("devices");
    x.close("domain");
    return x.toString();
  }

  private static void disk(Xml x, String file, String dev, int bootOrder) {
    x.open("disk", "type", "file", "device", "disk");
    x.empty("driver", "name", "qemu", "type", "qcow2", "discard", "unmap");
    x.empty("source", "file", file);
    x.empty("target", "dev", dev, "bus", "sata");
    if (bootOrder > 0) {
      x.empty("boot", "order", String.valueOf(bootOrder));
    }
    x.close("disk");
  }
}
