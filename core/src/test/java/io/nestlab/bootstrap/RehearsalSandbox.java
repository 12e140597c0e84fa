package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sandboxed L1 host for {@code nestlab-rehearsal}: its root directories under one folder (the
 * program takes them from the environment), real qcow2 disks, and stub programs on PATH (virsh,
 * vcsa-deploy, ssh, scp, getent, chronyc, ping) that play the lab against the vSphere simulator.
 */
final class RehearsalSandbox {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> DOMAINS = List.of("vcsa", "esxi-01", "esxi-02", "esxi-03");
  static final Map<String, String> SIM_HOSTS =
      Map.of("esxi-01", "DC0_C0_H0", "esxi-02", "DC0_C0_H1", "esxi-03", "DC0_C0_H2");
  static final String ESXI_PASSWORD = "Esx.Root-Pass1";
  static final String VCSA_PASSWORD = "Vc-Root.Pass1";
  static final String SOURCE_VC = "18778458";
  static final String TARGET_VC = "24022515";
  static final String SOURCE_ESXI = "17630552";
  static final String TARGET_ESXI = "24022510";

  static final String VCLS_MODULE =
      BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of("aws"))
          .file("opt/nestlab/bin/nestlab_vcls.py")
          .orElseThrow();

  final Path dir;

  /** The staged upgrade media, as the engine writes their paths into rehearsal.json. */
  final Path media;

  final Path program;
  final URI simulator;
  final int anyPort;

  RehearsalSandbox(Path dir, String programText, URI simulator, int anyPort) throws Exception {
    this.dir = dir;
    this.media = dir.resolve("var/lib/nestlab/data/media/upgrade");
    this.simulator = simulator;
    this.anyPort = anyPort;
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    for (String d : List.of("bin", "libvirt", "etc", "state", "disks", "log", "home/bin")) {
      Files.createDirectories(dir.resolve(d));
    }
    program = dir.resolve("nestlab-rehearsal");
    Files.writeString(program, programText);
    // the vCLS module it shares with nestlab-configure.py, where the bootstrap installs it
    Files.writeString(dir.resolve("home/bin/nestlab_vcls.py"), VCLS_MODULE);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path stub = dir.resolve("bin/stub.py");
    try (InputStream in = RehearsalSandbox.class.getResourceAsStream("rehearsal/stub.py")) {
      Files.copy(in, stub, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String name :
        List.of("virsh", "ssh", "scp", "getent", "chronyc", "ping", "xorriso", "mount", "umount")) {
      Files.createSymbolicLink(dir.resolve("bin").resolve(name), Path.of("stub.py"));
    }
    secrets(true);
    // Where the engine stages the media (RehearsalConfig.MEDIA_DIR), under the sandbox's root.
    Files.createDirectories(media);
    Files.writeString(media.resolve("vcsa-8.0U3.iso"), "not an ISO: the stub mount fakes it\n");
    Files.writeString(
        media.resolve("esxi-8.0U3-depot.zip"), "not a zip: the stub scp ignores it\n");
    Files.writeString(dir.resolve("hosts"), "10.10.0.10 vcsa.lab.nestlab.internal\n");
    Files.writeString(dir.resolve("libvirt/net.xml"), "<network><name>nestlab</name></network>\n");
    // The L1 host's CPU as the precheck reads it: an Ice Lake (c6i), whatever this machine has.
    Files.writeString(
        dir.resolve("cpuinfo"),
        "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 106\n"
            + "model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz\nstepping\t: 6\n");
    for (String d : DOMAINS) {
      Path disk = dir.resolve("disks/" + d + "-boot.qcow2");
      Tools.Run r = Tools.run("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "16M");
      assertEquals(0, r.exit(), r.output());
      Files.writeString(
          dir.resolve("libvirt/" + d + ".xml"),
          "<domain type='kvm'><name>"
              + d
              + "</name><os><type>hvm</type><boot dev='hd'/></os><devices>"
              + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
              + "<source file='"
              + disk
              + "'/><target dev='sda' bus='sata'/></disk>"
              + "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
              + "<target dev='sdb' bus='sata'/><readonly/></disk></devices></domain>\n");
      Files.writeString(dir.resolve("libvirt/" + d + ".state"), "running\n");
    }
    world(List.of());
    config(c -> {});
  }

  void secrets(boolean complete) throws IOException {
    Path f = dir.resolve("etc/secrets.env");
    Files.writeString(
        f,
        "ESXI_ROOT_PASSWORD="
            + ESXI_PASSWORD
            + "\n"
            + (complete ? "VCSA_ROOT_PASSWORD=" + VCSA_PASSWORD + "\n" : "")
            + "SSO_USER=user\nSSO_PASSWORD=pass\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
  }

  /** The stubs' world: the simulator, the builds an upgrade lands on, hosts that stay old. */
  void world(List<String> oldBuildHosts) throws IOException {
    ObjectNode w = JSON.createObjectNode();
    w.put("url", "https://" + simulator.getHost() + ":" + simulator.getPort());
    w.put("vcenterBuild", TARGET_VC);
    w.put("vcenterVersion", "8.0.3");
    w.put("esxiBuild", TARGET_ESXI);
    w.put("esxiOldBuild", SOURCE_ESXI);
    ObjectNode hosts = w.putObject("hosts");
    for (int i = 1; i <= 3; i++) {
      hosts.put("127.0.0.1" + i, SIM_HOSTS.get("esxi-0" + i));
    }
    ObjectNode domains = w.putObject("domains");
    SIM_HOSTS.forEach(domains::put);
    ArrayNode old = w.putArray("oldBuildHosts");
    oldBuildHosts.forEach(h -> old.add(SIM_HOSTS.get(h)));
    Files.writeString(dir.resolve("world.json"), JSON.writeValueAsString(w));
  }

  /** Writes rehearsal.json as the engine would (0600), after {@code edit}. */
  void config(java.util.function.Consumer<ObjectNode> edit) throws IOException {
    ObjectNode c = JSON.createObjectNode();
    c.put("labId", "article-7f3a");
    c.put("dryRun", false);
    c.putNull("stopAfter");
    for (String side : List.of("source", "target")) {
      ObjectNode s = c.putObject(side);
      boolean src = side.equals("source");
      s.putObject("vcenter")
          .put("version", src ? "7.0U3" : "8.0U3")
          .put("build", src ? SOURCE_VC : TARGET_VC);
      s.putObject("esxi")
          .put("version", src ? "7.0U3" : "8.0U3")
          .put("build", src ? SOURCE_ESXI : TARGET_ESXI);
    }
    c.putObject("vcenter")
        .put("name", "vcsa")
        .put("address", "127.0.0.1")
        .put("port", simulator.getPort())
        .put("appliancePort", simulator.getPort())
        .put("insecure", true)
        .put("fqdn", "vcsa.lab.nestlab.internal")
        .put("placement", "l1");
    c.putObject("newAppliance")
        .put("esxiHost", "esxi-01")
        .put("temporaryIp", "127.0.0.250")
        .put("deploymentSize", "tiny");
    c.putObject("network").put("prefix", 24).put("gateway", "10.10.0.1").put("dns", "10.10.0.1");
    ArrayNode hosts = c.putArray("hosts");
    for (int i = 1; i <= 3; i++) {
      hosts
          .addObject()
          .put("name", "esxi-0" + i)
          .put("address", "127.0.0.1" + i)
          .put("fqdn", SIM_HOSTS.get("esxi-0" + i))
          .put("method", "depot")
          .put("port", anyPort);
    }
    c.putObject("media")
        .putNull("esxiIso")
        .put("esxiDepot", media.resolve("esxi-8.0U3-depot.zip").toString())
        .put("vcsaIso", media.resolve("vcsa-8.0U3.iso").toString());
    c.put("checkpoint", "pre-upgrade");
    c.putObject("deadlines")
        .put("vcenterMinutes", 2)
        .put("hostMinutes", 2)
        .put("rollbackMinutes", 2);
    c.put("pollSeconds", 0.1);
    c.put("shutdownSeconds", 30);
    edit.accept(c);
    Path f = dir.resolve("etc/rehearsal.json");
    Files.writeString(f, JSON.writeValueAsString(c));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
  }

  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("STUB_DIR", dir.toString());
    env.put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    env.put("NESTLAB_ETC", dir.resolve("etc").toString());
    env.put("NESTLAB_SECRETS", dir.resolve("etc/secrets.env").toString());
    env.put("NESTLAB_HOME", dir.resolve("home").toString());
    env.put("NESTLAB_STATE", dir.resolve("state").toString());
    env.put("NESTLAB_REHEARSAL_DIR", dir.resolve("state/rehearsal").toString());
    env.put("NESTLAB_LOG_DIR", dir.resolve("log").toString());
    env.put("NESTLAB_CPUINFO", dir.resolve("cpuinfo").toString());
    return env;
  }

  /** Runs a verb; every verb prints one JSON document. */
  Tools.Run verb(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Tools.HOST_PYTHON, program.toString()));
    cmd.addAll(List.of(args));
    return Tools.run(cmd, env(), dir, 300);
  }

  JsonNode json(String... args) throws Exception {
    Tools.Run r = verb(args);
    assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.output());
    return JSON.readTree(r.output());
  }

  /** Polls status until the run is no longer running (bounded); returns the last status. */
  JsonNode awaitEnd() throws Exception {
    for (int i = 0; i < 1800; i++) {
      JsonNode st = json("status");
      if (!st.get("state").asText().equals("running")) {
        return st;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the rehearsal still runs after 180 s: " + json("status"));
  }

  /** Starts with {@code verb} and waits for the end. */
  JsonNode runToEnd(String verb) throws Exception {
    assertEquals("running", json(verb).get("state").asText());
    return awaitEnd();
  }

  /** Kills a run left behind by a failed test (only the one this sandbox started). */
  void stop() throws IOException {
    Files.deleteIfExists(dir.resolve("installer-hold")); // a held stub installer ends too
    Path pid = dir.resolve("state/rehearsal/run.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
          .filter(p -> p.info().commandLine().orElse("").contains(program.toString()))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** Every stub call so far: "N STEP PROGRAM ARGS...". */
  List<String> calls() throws IOException {
    Path log = dir.resolve("calls.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** The file a domain's disk now points at. */
  Path activeDisk(String domain) throws IOException {
    String xml = Files.readString(dir.resolve("libvirt/" + domain + ".xml"));
    int i = xml.indexOf("source file=") + "source file=".length() + 1;
    return Path.of(xml.substring(i, xml.indexOf(xml.charAt(i - 1), i)));
  }

  /** The backing chain of a domain's active disk, top first. */
  List<String> chain(String domain) throws Exception {
    Tools.Run r =
        Tools.run(
            "qemu-img",
            "info",
            "-U",
            "--backing-chain",
            "--output=json",
            activeDisk(domain).toString());
    assertEquals(0, r.exit(), r.output());
    List<String> out = new ArrayList<>();
    JSON.readTree(r.output()).forEach(n -> out.add(n.get("filename").asText()));
    return out;
  }

  String domainState(String domain) throws IOException {
    return Files.readString(dir.resolve("libvirt/" + domain + ".state")).trim();
  }

  void write(String domain, String pattern, int offset) throws Exception {
    Tools.Run r =
        Tools.run(
            "qemu-io",
            "-f",
            "qcow2",
            "-c",
            "write -P " + pattern + " " + offset + " 64k",
            activeDisk(domain).toString());
    assertEquals(0, r.exit(), r.output());
  }

  /** Whether the 64 KiB at {@code offset} of the domain's disk all hold {@code pattern}. */
  boolean holds(String domain, String pattern, int offset) throws Exception {
    Tools.Run r =
        Tools.run(
            "qemu-io",
            "-f",
            "qcow2",
            "-r",
            "-c",
            "read -P " + pattern + " " + offset + " 64k",
            activeDisk(domain).toString());
    assertTrue(
        r.output().contains("read 65536/65536"), r.output()); // qemu-io exits 1 on a mismatch
    return !r.output().contains("Pattern verification failed");
  }

  static void assertAllDone(JsonNode steps) {
    steps.forEach(s -> assertEquals("done", s.get("state").asText(), s.toString()));
    assertTrue(steps.size() > 0);
  }
}
