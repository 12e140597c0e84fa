package io.nestlab.bootstrap;

import io.nestlab.InvalidSpecException;
import io.nestlab.bootstrap.internal.HostFiles;
import io.nestlab.bootstrap.internal.LabFacts;
import io.nestlab.bootstrap.internal.LibvirtXml;
import io.nestlab.bootstrap.internal.VsphereFiles;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.LabSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders everything an L1 host runs to build a lab by itself: cloud-init user data, the host
 * preflight, the lease watchdog, the lab network with DNS, the ESXi kickstarts and libvirt domains,
 * the vCenter deployment template and the pyVmomi configuration script. Pure and deterministic: the
 * same spec and options give the same bytes.
 *
 * <pre>{@code
 * RenderedBootstrap b = BootstrapRenderer.render(spec, RenderOptions.of("aws"));
 * String userData = b.userData(RenderedBootstrap.AWS_USER_DATA_MAX_BYTES);
 * }</pre>
 */
public final class BootstrapRenderer {
  static final String HOME = "opt/nestlab/";
  static final String REHEARSAL = "usr/local/sbin/nestlab-rehearsal";

  /**
   * The lab's power program, {@code nestlab-lab-power shutdown|start|status} (docs/design/0138):
   * the engine runs it before it snapshots the data disk.
   */
  public static final String LAB_POWER = "usr/local/sbin/nestlab-lab-power";

  /** Its helper for the VMs inside the ESXi hosts (pyVmomi), also the restore's rotation. */
  static final String POWER_HELPER = "nestlab-power.py";

  /** The vCLS module nestlab-configure.py and nestlab-rehearsal share (design 0177). */
  static final String VCLS_MODULE = HOME + "bin/nestlab_vcls.py";

  private BootstrapRenderer() {}

  /**
   * Renders a lab's bootstrap.
   *
   * @throws InvalidSpecException listing every part of the spec the L1 host could not build
   */
  public static RenderedBootstrap render(LabSpec spec, RenderOptions options) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options");
    LabFacts lab = LabFacts.of(spec, options.provider(), options.sshAuthorizedKeys());
    Map<String, String> files = new LinkedHashMap<>();
    Map<String, String> modes = new LinkedHashMap<>();
    programs(lab, options, files, modes);
    labFiles(lab, options, files);
    return new RenderedBootstrap(
        lab,
        files,
        modes,
        options.restore() ? restoreSteps(lab) : steps(lab),
        deferrable(files.keySet(), options));
  }

  /** The programs the host runs, with their modes. */
  private static void programs(
      LabFacts lab, RenderOptions options, Map<String, String> files, Map<String, String> modes) {
    List<String> scripts =
        new ArrayList<>(
            List.of(
                "nestlab-lib.sh",
                "nestlab-bootstrap.sh",
                "nestlab-preflight.sh",
                "nestlab-lease-check.sh",
                "nestlab-esxi.sh",
                "nestlab-secrets.py"));
    if (lab.hasVcenter()) {
      scripts.addAll(List.of("nestlab-vcenter.sh", "nestlab-configure.py"));
      if (lab.vcenterOnL1()) {
        scripts.add("nestlab-vcsa-kvm.py");
      }
    }
    if (lab.hasVcenter() || options.restore()) {
      scripts.add(POWER_HELPER);
    }
    if (options.restore()) {
      scripts.add("nestlab-restore.sh");
    }
    for (String script : scripts) {
      files.put(HOME + "bin/" + script, HostFiles.resource(script));
      modes.put(HOME + "bin/" + script, "0755");
    }
    if (lab.hasVcenter()) { // the upgrade rehearsal's host program (design 0120, 0125)
      files.put(REHEARSAL, HostFiles.resource("nestlab-rehearsal"));
      modes.put(REHEARSAL, "0755");
      // imported by nestlab-configure.py and nestlab-rehearsal (design 0177)
      files.put(VCLS_MODULE, HostFiles.resource("nestlab_vcls.py"));
      modes.put(VCLS_MODULE, "0644");
    }
    files.put(LAB_POWER, HostFiles.resource("nestlab-lab-power"));
    modes.put(LAB_POWER, "0755");
  }

  /** This lab's settings, libvirt domains, installer answers and the host's system units. */
  private static void labFiles(LabFacts lab, RenderOptions options, Map<String, String> files) {
    if (options.restore()) {
      files.put(
          HOME + "etc/restore.env",
          "# The data disk comes from a blueprint: start the lab it holds (docs/design/0137).\n"
              + "LAB_RESTORE=1\n");
    }
    files.put(HOME + "etc/storage.env", HostFiles.storageEnv(options.dataDiskGib()));
    files.put(HOME + "etc/lab.env", HostFiles.labEnv(lab));
    files.put(HOME + "etc/lab.json", HostFiles.labJson(lab));
    files.put(HOME + "etc/hosts.lab", HostFiles.hostsFile(lab));
    files.put(HOME + "libvirt/network.xml", LibvirtXml.network(lab));
    for (EsxiHost h : lab.hosts()) {
      files.put(HOME + "libvirt/" + h.name() + ".xml", LibvirtXml.domain(lab, h));
      files.put(HOME + "esxi/" + h.name() + "/KS.CFG", VsphereFiles.kickstart(lab, h));
    }
    if (lab.vcenterOnL1()) {
      files.put(HOME + "libvirt/vcsa.xml", LibvirtXml.vcenterDomain(lab));
      files.put(HOME + "vcenter/ovf-env.xml", VsphereFiles.ovfEnv(lab));
    } else if (lab.hasVcenter()) {
      files.put(HOME + "vcenter/vcsa-deploy.json", VsphereFiles.vcsaDeployJson(lab));
    }
    files.put("etc/modprobe.d/nestlab-kvm.conf", HostFiles.modprobe());
    files.put("etc/chrony/conf.d/nestlab.conf", HostFiles.chrony(lab));
    files.put("etc/systemd/system/nestlab-bootstrap.service", HostFiles.bootstrapService());
    files.put("etc/systemd/system/nestlab-lease.service", HostFiles.leaseService());
    files.put("etc/systemd/system/nestlab-lease.timer", HostFiles.leaseTimer());
  }

  /** The files the host needs only after its first boot steps, which a small user data defers. */
  private static Set<String> deferrable(Set<String> paths, RenderOptions options) {
    Set<String> deferrable = new TreeSet<>();
    for (String path : paths) {
      if (path.startsWith(HOME + "vcenter/")
          || path.equals(HOME + "libvirt/vcsa.xml")
          || path.equals(HOME + "bin/nestlab-vcenter.sh")
          || path.equals(HOME + "bin/nestlab-configure.py")
          || path.equals(HOME + "bin/nestlab-vcsa-kvm.py")
          || path.equals(REHEARSAL)
          || path.equals(VCLS_MODULE)
          // Used by nestlab-lab-power long after the lab is built; a restore needs it at once.
          || (path.equals(HOME + "bin/" + POWER_HELPER) && !options.restore())
          // A restore installs nothing unless its disk holds no lab; it then waits for these.
          || (options.restore()
              && (path.equals(HOME + "bin/nestlab-esxi.sh") || path.endsWith("/KS.CFG")))) {
        deferrable.add(path);
      }
    }
    return deferrable;
  }

  /**
   * The steps of a host whose data disk comes from a blueprint: nothing is installed, the lab on
   * the disk is started (docs/design/0137). When the disk holds no lab the host installs one and
   * reports the install steps as well.
   */
  private static List<BootstrapStep> restoreSteps(LabFacts lab) {
    List<BootstrapStep> steps = new ArrayList<>();
    for (String phase :
        List.of("preflight", "storage", "restore-check", "restore-files", "secrets", "network")) {
      steps.add(BootstrapStep.of(phase));
    }
    for (EsxiHost h : lab.hosts()) {
      steps.add(BootstrapStep.of("esxi-start", h.name()));
    }
    if (lab.hasVcenter()) {
      steps.add(BootstrapStep.of("vcenter-start"));
      steps.add(BootstrapStep.of("guests-start"));
    }
    steps.add(BootstrapStep.of("lab-check"));
    steps.add(BootstrapStep.of("secrets-rotate"));
    steps.add(BootstrapStep.of(ProgressLine.READY));
    return steps;
  }

  private static List<BootstrapStep> steps(LabFacts lab) {
    List<BootstrapStep> steps = new ArrayList<>();
    for (String phase : List.of("preflight", "secrets", "storage", "network", "media")) {
      steps.add(BootstrapStep.of(phase));
    }
    for (String phase : List.of("esxi-iso", "esxi-vm", "esxi-install")) {
      for (EsxiHost h : lab.hosts()) {
        steps.add(BootstrapStep.of(phase, h.name()));
      }
    }
    if (lab.hasVcenter()) {
      steps.add(BootstrapStep.of("deferred-files"));
      steps.add(BootstrapStep.of("vcenter-deploy"));
      for (EsxiHost h : lab.hosts()) {
        steps.add(BootstrapStep.of("host-add", h.name()));
      }
      for (LabFacts.Guest g : lab.guests()) {
        steps.add(BootstrapStep.of("guest-deploy", g.spec().name()));
      }
      steps.add(BootstrapStep.of("vcenter-configure"));
    }
    steps.add(BootstrapStep.of("lab-check"));
    steps.add(BootstrapStep.of(ProgressLine.READY));
    return steps;
  }
}
