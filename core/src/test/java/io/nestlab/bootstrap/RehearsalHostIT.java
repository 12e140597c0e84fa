package io.nestlab.bootstrap;

import static io.nestlab.bootstrap.RehearsalSandbox.JSON;
import static io.nestlab.bootstrap.RehearsalSandbox.SOURCE_ESXI;
import static io.nestlab.bootstrap.RehearsalSandbox.TARGET_ESXI;
import static io.nestlab.bootstrap.RehearsalSandbox.TARGET_VC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.testing.Peer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the L1 host's rehearsal program ({@code nestlab-rehearsal}, as the bootstrap installs it)
 * with Debian 12's Python and pyVmomi against govmomi's vSphere simulator, real qcow2 disks
 * (qemu-img, qemu-io) and stub programs for what a test machine has not (libvirt domains, the
 * vCenter installer, ssh to ESXi). The simulator plays the upgrade through control endpoints the
 * stubs call: a vCenter that comes back on the target build, hosts that reboot on a build.
 */
class RehearsalHostIT {
  private static Vcsim simulator;
  private static URI url;
  private static String programText;
  private static ServerSocket anyPort; // "answers" for the hosts after a rollback
  private RehearsalSandbox box;

  @BeforeAll
  static void startSimulator() throws Exception {
    Tools.require(
        Peer.PYVMOMI,
        Peer.GO,
        Peer.GOVMOMI_SOURCE,
        Peer.QEMU_IMG,
        Peer.PYTHON3_JSONSCHEMA,
        Peer.CURL);
    Tools.requireHostPython(true);
    Path work = Tools.target().resolve("rehearsal-it");
    Files.createDirectories(work);
    Path binary = Vcsim.build("rehearsal/main.go", work, "vcsim-rehearsal");
    simulator = Vcsim.start(binary, "18778458", "7.0.3", SOURCE_ESXI);
    url = simulator.url();
    anyPort = new ServerSocket(0);
    RenderedBootstrap b = BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of("aws"));
    programText = b.file("usr/local/sbin/nestlab-rehearsal").orElseThrow();
    assertEquals("0755", b.mode("usr/local/sbin/nestlab-rehearsal"));
  }

  @AfterAll
  static void stopSimulator() throws Exception {
    if (anyPort != null) {
      anyPort.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @BeforeEach
  void freshLab() throws Exception {
    box = sandbox("box");
  }

  private static RehearsalSandbox sandbox(String name) throws Exception {
    control("/nestlab/reset");
    return new RehearsalSandbox(
        Tools.target().resolve("rehearsal-it/" + name), programText, url, anyPort.getLocalPort());
  }

  @AfterEach
  void stopRun() throws IOException {
    if (box != null) {
      box.stop();
    }
  }

  private static JsonNode control(String path) throws Exception {
    Tools.Run r =
        Tools.run("curl", "-sk", "--fail", "https://" + url.getHost() + ":" + url.getPort() + path);
    assertEquals(0, r.exit(), path + ": " + r.output());
    return JSON.readTree(r.output()).get("value");
  }

  @Test
  void anUninterruptedRunUpgradesVcenterThenEachHostAndVerifies() throws Exception {
    JsonNode st = box.runToEnd("start");
    assertEquals("succeeded", st.get("state").asText(), st.toString());
    JsonNode report = box.json("report");
    RehearsalSandbox.assertAllDone(report.get("steps"));
    assertEquals("7.0U3", report.at("/before/vcenter/version").asText());
    assertEquals("8.0U3", report.at("/after/vcenter/version").asText());
    assertEquals(TARGET_VC, report.at("/after/vcenter/build").asText());
    for (String h : List.of("esxi-01", "esxi-02", "esxi-03")) {
      assertEquals("7.0U3", report.at("/before/hosts/" + h + "/version").asText());
      assertEquals(SOURCE_ESXI, report.at("/before/hosts/" + h + "/build").asText());
      assertEquals(TARGET_ESXI, report.at("/after/hosts/" + h + "/build").asText());
    }
    List<String> names = new ArrayList<>();
    report
        .get("checks")
        .forEach(
            c -> {
              assertTrue(c.get("ok").asBoolean(), c.toString());
              assertFalse(c.get("evidence").asText().isBlank(), c.toString());
              names.add(c.get("name").asText());
            });
    assertTrue(
        names.containsAll(
            List.of(
                "vCenter build",
                "esxi-01 build",
                "esxi-02 build",
                "esxi-03 build",
                "cluster DC0_C0 HA/DRS",
                "appliance health")),
        names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("guest ")), names.toString());
    String warnings = report.get("warnings").toString();
    assertTrue(warnings.contains("set to partially automated"), warnings);
    assertTrue(warnings.contains("retreat mode"), warnings);
    assertTrue(warnings.contains("127.0.0.250 vcsa-upgrade.lab.nestlab.internal"), warnings);
    JsonNode inv = control("/nestlab/inventory");
    assertEquals(TARGET_VC, inv.get("vcenter").asText());
    // DRS really changed (the simulator applies drsConfig here) and verify put it back.
    assertEquals(
        "[\"DC0_C0 partiallyAutomated\",\"DC0_C0 fullyAutomated\"]",
        control("/nestlab/drs").toString());
    assertEquals("fullyAutomated", inv.at("/clusters/DC0_C0").asText(), inv.toString());
    inv.get("hosts")
        .forEach(
            h -> {
              assertEquals(TARGET_ESXI, h.get("build").asText());
              assertFalse(h.get("maintenance").asBoolean(), "left in maintenance mode: " + inv);
            });
    // vCenter first, hosts one at a time; the installer's precheck only after the checkpoint.
    List<String> order = new ArrayList<>();
    for (String call : box.calls()) {
      String[] w = call.split(" ");
      if (order.isEmpty() || !order.get(order.size() - 1).equals(w[1])) {
        order.add(w[1]);
      }
      if (call.contains("--precheck-only") || call.contains("--verify-template-only")) {
        assertEquals("vcenter", w[1], call);
      }
    }
    assertEquals(
        List.of("precheck", "checkpoint", "vcenter", "esxi-01", "esxi-02", "esxi-03"), order);
    List<String> installer = box.calls().stream().filter(c -> c.contains(" vcsa-deploy ")).toList();
    assertEquals(3, installer.size(), installer.toString());
    assertTrue(installer.get(0).contains("--verify-template-only"), installer.get(0));
    assertTrue(installer.get(1).contains("--precheck-only"), installer.get(1));
    assertFalse(installer.get(2).contains("-only"), installer.get(2));
    // The installer came from the VCSA ISO the rehearsal file names (the engine's staged path
    // under .../data/media/upgrade/), mounted read-only, and released after the upgrade.
    String iso = box.media.resolve("vcsa-8.0U3.iso").toString();
    assertTrue(
        box.calls().stream().anyMatch(c -> c.contains(" mount -o loop,ro -t iso9660 " + iso + " ")),
        box.calls().toString());
    assertTrue(box.calls().stream().anyMatch(c -> c.contains(" umount ")), box.calls().toString());
    // The checkpoint exists and every VM runs on an overlay above it.
    JsonNode list = box.json("checkpoint", "list");
    assertEquals("pre-upgrade", list.at("/checkpoints/0/name").asText());
    for (String d : RehearsalSandbox.DOMAINS) {
      assertEquals("running", box.domainState(d));
      assertEquals(2, box.chain(d).size(), d + ": " + box.chain(d));
    }
    // Nothing secret in what the program printed or kept outside the installer's template.
    String everything = box.verb("report").output() + box.verb("status").output();
    for (Path log : Tools.files(box.dir.resolve("state/rehearsal/logs"), ".log")) {
      everything += Files.readString(log);
    }
    assertFalse(everything.contains(RehearsalSandbox.ESXI_PASSWORD));
    assertFalse(everything.contains(RehearsalSandbox.VCSA_PASSWORD));
  }

  /**
   * A mount of another VCSA ISO left at the installer's mount point (a failed run's, before
   * media.vcsaIso changed; its loop device would still read the replaced file) is undone, and the
   * installer runs from the staged ISO (0206). A redo of the same run keeps its own mount.
   */
  @Test
  void aLeftoverMountOfAnotherVcsaIsoIsReplacedByTheStagedOne() throws Exception {
    Path old = Files.writeString(box.dir.resolve("old-vcsa-7.0U3.iso"), "an older ISO");
    Path mountPoint = box.dir.resolve("state/rehearsal/vcsa-iso");
    Files.createDirectories(mountPoint);
    Tools.Run r =
        Tools.run(
            List.of(
                box.dir.resolve("bin/mount").toString(),
                "-o",
                "loop,ro",
                "-t",
                "iso9660",
                old.toString(),
                mountPoint.toString()),
            box.env(),
            box.dir,
            60);
    assertEquals(0, r.exit(), r.output());
    JsonNode st = box.runToEnd("start");
    assertEquals("succeeded", st.get("state").asText(), st.toString());
    List<String> calls = box.calls();
    String staged = box.media.resolve("vcsa-8.0U3.iso").toString();
    int umount = -1;
    int stagedMount = -1;
    for (int i = 0; i < calls.size(); i++) {
      String[] w = calls.get(i).split(" ");
      if (w[1].equals("vcenter") && w[2].equals("umount") && umount < 0) {
        umount = i;
      }
      if (calls.get(i).contains(" mount -o loop,ro -t iso9660 " + staged + " ")
          && stagedMount < 0) {
        stagedMount = i;
      }
    }
    assertTrue(umount >= 0 && stagedMount > umount, "unmounted, then the staged ISO: " + calls);
  }

  @Test
  void theUpgradeTemplateIsAsciiAndValidAgainstVmwaresDocumentedSchema() throws Exception {
    box.config(c -> c.put("dryRun", true));
    JsonNode st = box.runToEnd("start");
    assertEquals("succeeded", st.get("state").asText(), st.toString());
    Path template = box.dir.resolve("state/rehearsal/vcsa-upgrade.tpl.json");
    byte[] bytes = Files.readAllBytes(template);
    for (byte b : bytes) {
      assertTrue(b >= 0, "non-ASCII byte in the template");
    }
    assertEquals("rw-------", posix(template));
    Path schema = box.dir.resolve("vcsa-upgrade.schema.json");
    Path validator = box.dir.resolve("validate.py");
    copy("rehearsal/vcsa-upgrade.schema.json", schema);
    copy("rehearsal/validate.py", validator);
    Tools.Run ok =
        Tools.run(Tools.HOST_PYTHON, validator.toString(), schema.toString(), "" + template);
    assertEquals(0, ok.exit(), ok.output());
    // The schema is not a rubber stamp: an empty password (the installer would prompt) fails.
    ObjectNode t = (ObjectNode) JSON.readTree(bytes);
    ((ObjectNode) t.at("/source_vc/vc_vcsa")).put("root_password", "");
    Path broken = box.dir.resolve("broken.json");
    Files.writeString(broken, JSON.writeValueAsString(t));
    Tools.Run bad =
        Tools.run(Tools.HOST_PYTHON, validator.toString(), schema.toString(), "" + broken);
    assertEquals(1, bad.exit(), bad.output());
    assertTrue(bad.output().contains("source_vc/vc_vcsa/root_password"), bad.output());
    // The dry run ran the prechecks only: no checkpoint, no installer.
    JsonNode steps = box.json("status").get("steps");
    assertEquals("done", steps.get(0).get("state").asText());
    for (int i = 1; i < steps.size(); i++) {
      assertEquals("skipped", steps.get(i).get("state").asText(), steps.get(i).toString());
    }
    assertEquals(0, box.json("checkpoint", "list").get("checkpoints").size());
    assertTrue(box.calls().stream().noneMatch(c -> c.contains("vcsa-deploy")));
  }

  private static String posix(Path p) throws IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = RehearsalHostIT.class.getResourceAsStream(resource)) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void aMissingPasswordFailsThePrecheckNamingIt() throws Exception {
    box.secrets(false);
    JsonNode st = box.runToEnd("start");
    assertEquals("failed", st.get("state").asText(), st.toString());
    JsonNode report = box.json("report");
    assertEquals("precheck", report.at("/failure/step").asText());
    assertTrue(
        report.at("/failure/message").asText().contains("VCSA_ROOT_PASSWORD"), report.toString());
    assertEquals(0, box.json("checkpoint", "list").get("checkpoints").size());
  }

  @Test
  void aHostBackOnTheOldBuildFailsNamingItIsNotRetriedAndTheLabRollsBack() throws Exception {
    box.world(List.of("esxi-02"));
    JsonNode st = box.runToEnd("start");
    assertEquals("failed", st.get("state").asText(), st.toString());
    JsonNode report = box.json("report");
    assertEquals("esxi-02", report.at("/failure/step").asText());
    assertEquals("esxi-02", report.at("/failure/host").asText());
    String message = report.at("/failure/message").asText();
    assertTrue(message.contains(SOURCE_ESXI) && message.contains(TARGET_ESXI), message);
    assertTrue(message.contains("not retried"), message);
    assertEquals("done", report.at("/steps/3/state").asText()); // esxi-01
    assertEquals("pending", report.at("/steps/5/state").asText()); // esxi-03 never started
    // What the run saw when it stopped (0172): vCenter and esxi-01 upgraded, esxi-02 back on
    // the old build (seen after its reboot, so confirmed), esxi-03 untouched.
    assertTrue(report.get("after").isNull(), report.toString());
    assertEquals(TARGET_VC, report.at("/observed/vcenter/build").asText(), report.toString());
    assertEquals("8.0U3", report.at("/observed/vcenter/version").asText());
    assertEquals(TARGET_ESXI, report.at("/observed/hosts/esxi-01/build").asText());
    assertEquals(SOURCE_ESXI, report.at("/observed/hosts/esxi-02/build").asText());
    assertEquals("7.0U3", report.at("/observed/hosts/esxi-02/version").asText());
    assertTrue(report.at("/observed/hosts/esxi-02/unconfirmed").isMissingNode(), report.toString());
    assertEquals(SOURCE_ESXI, report.at("/observed/hosts/esxi-03/build").asText());
    // resume re-checks the host; it does not run the update again.
    long updates = box.calls().stream().filter(c -> c.contains("profile update")).count();
    st = box.runToEnd("resume");
    assertEquals("failed", st.get("state").asText());
    assertEquals(updates, box.calls().stream().filter(c -> c.contains("profile update")).count());
    // The checkpoint is still there: what was written after it goes with the rollback.
    box.write("esxi-02", "0x5a", 0);
    assertTrue(box.holds("esxi-02", "0x5a", 0));
    JsonNode back = box.json("checkpoint", "rollback", "pre-upgrade");
    assertEquals("pre-upgrade", back.get("name").asText());
    assertTrue(box.holds("esxi-02", "0", 0), "the write after the checkpoint survived");
    for (String d : RehearsalSandbox.DOMAINS) {
      assertEquals("running", box.domainState(d));
    }
  }

  @Test
  void aHostsOnlyRehearsalKeepsVcenterUpgradesEachHostAndStillVerifiesVcenter() throws Exception {
    // What the engine writes without upgrade.vcenterVersion (0173): no appliance, no VCSA ISO.
    box.config(
        c -> {
          c.putNull("newAppliance");
          ((ObjectNode) c.get("media")).putNull("vcsaIso");
          c.set("target", c.get("target").deepCopy());
          ((ObjectNode) c.get("target")).set("vcenter", c.at("/source/vcenter").deepCopy());
        });
    JsonNode st = box.runToEnd("start");
    assertEquals("succeeded", st.get("state").asText(), st.toString());
    JsonNode report = box.json("report");
    RehearsalSandbox.assertAllDone(report.get("steps"));
    assertTrue(report.at("/steps/2/message").asText().contains("already on build"), st.toString());
    assertTrue(box.calls().stream().noneMatch(c -> c.contains("vcsa-deploy")), "vcsa-deploy ran");
    assertEquals(RehearsalSandbox.SOURCE_VC, report.at("/after/vcenter/build").asText());
    assertTrue(
        report.get("checks").toString().contains("\"vCenter build\",\"ok\":true"),
        report.toString());
    for (String h : List.of("esxi-01", "esxi-02", "esxi-03")) {
      assertEquals(TARGET_ESXI, report.at("/after/hosts/" + h + "/build").asText());
    }
    // No appliance is deployed, so DRS was left alone (the appliance's precheck fix).
    assertEquals("fullyAutomated", control("/nestlab/inventory").at("/clusters/DC0_C0").asText());
  }

  @Test
  void withoutANewApplianceAVcenterUpgradeIsRefusedNamingTheField() throws Exception {
    box.config(c -> c.putNull("newAppliance"));
    Tools.Run r = box.verb("start");
    assertEquals(1, r.exit(), r.output());
    assertTrue(
        r.output().contains("newAppliance is null") && r.output().contains("hosts-only rehearsal"),
        r.output());
  }

  /**
   * vCenter on storage only its host mounts cannot move for that host's maintenance mode (0178):
   * that host is upgraded through the host itself (0209), the appliance shut down from its guest
   * first and started again after, and the rehearsal succeeds.
   */
  @Test
  void vcenterOnStorageOnlyItsHostMountsIsUpgradedThroughTheHostWithTheApplianceShutDown()
      throws Exception {
    // The new appliance deploys to esxi-01's own datastore and runs there (0178).
    Files.createDirectories(box.dir.resolve("local-01"));
    sim("add", "vcsa-8.0u3", box.dir.resolve("local-01").toString());
    try {
      box.config(c -> ((ObjectNode) c.at("/hosts/0")).put("datastore", "local-01"));
      JsonNode st = box.runToEnd("start");
      assertEquals("succeeded", st.get("state").asText(), st.toString());
      JsonNode report = box.json("report");
      RehearsalSandbox.assertAllDone(report.get("steps"));
      String warnings = report.get("warnings").toString();
      assertTrue(
          warnings.contains("only esxi-01 mounts (local-01)")
              && warnings.contains("upgraded through the host itself"),
          warnings);
      assertTrue(
          report.toString().contains("vCenter's host: upgraded through the host"),
          report.toString());
      assertEquals(TARGET_ESXI, report.at("/after/hosts/esxi-01/build").asText());
      // esxi-01's own commands, in this order, all over its ssh.
      List<String> own =
          box.calls().stream()
              .filter(c -> c.split(" ")[1].equals("esxi-01") && c.contains(" ssh "))
              .toList();
      List<String> expected =
          List.of(
              "vim-cmd vmsvc/getallvms",
              "vim-cmd vmsvc/power.shutdown",
              "esxcli system maintenanceMode set --enable true",
              "esxcli software profile update",
              "reboot",
              "vmware -v",
              "esxcli system maintenanceMode set --enable false",
              "vim-cmd vmsvc/power.on");
      int at = -1;
      for (String e : expected) {
        int next = -1;
        for (int i = at + 1; i < own.size() && next < 0; i++) {
          next = own.get(i).contains(e) ? i : -1;
        }
        assertTrue(next > at, e + " missing or out of order in " + own);
        at = next;
      }
      assertEquals("poweredOn", sim("state", "vcsa-8.0u3", ""));
      control("/nestlab/inventory")
          .get("hosts")
          .forEach(
              h -> {
                assertEquals(TARGET_ESXI, h.get("build").asText(), h.toString());
                assertFalse(h.get("maintenance").asBoolean(), h.toString());
              });
    } finally {
      sim("remove", "vcsa-8.0u3", "");
    }
  }

  /**
   * Killed (SIGKILL, as a lost machine) while it waits for the vCenter host to come back, with the
   * appliance shut down and vCenter away, the run resumes from the host's own state: it does not
   * ask vCenter first, finds the host on the target build, and starts the appliance again.
   */
  @Test
  void theVcenterHostKilledWhileVcenterIsDownResumesAndStartsTheApplianceAgain() throws Exception {
    Files.createDirectories(box.dir.resolve("local-01"));
    sim("add", "vcsa-8.0u3", box.dir.resolve("local-01").toString());
    try {
      box.config(c -> ((ObjectNode) c.at("/hosts/0")).put("datastore", "local-01"));
      Files.writeString(box.dir.resolve("kill-at"), "1 vmware");
      JsonNode st = box.runToEnd("start");
      assertEquals("failed", st.get("state").asText(), st.toString());
      assertTrue(st.toString().contains("interrupted"), st.toString());
      assertFalse(Files.exists(box.dir.resolve("kill-at")), "the kill did not happen");
      assertEquals("poweredOff", sim("state", "vcsa-8.0u3", ""));
      int before = box.calls().size();
      st = box.runToEnd("resume");
      assertEquals("succeeded", st.get("state").asText(), st.toString());
      List<String> after = box.calls().subList(before, box.calls().size());
      assertTrue(after.get(0).contains("vmware -v"), "resumed by asking the host: " + after);
      assertTrue(
          after.stream().noneMatch(c -> c.contains(" esxi-01 ") && c.contains("profile update")),
          "esxi-01 upgraded twice: " + after);
      assertEquals("poweredOn", sim("state", "vcsa-8.0u3", ""));
      RehearsalSandbox.assertAllDone(box.json("report").get("steps"));
      control("/nestlab/inventory")
          .get("hosts")
          .forEach(
              h -> {
                assertEquals(TARGET_ESXI, h.get("build").asText(), h.toString());
                assertFalse(h.get("maintenance").asBoolean(), h.toString());
              });
    } finally {
      sim("remove", "vcsa-8.0u3", "");
    }
  }

  /**
   * A guest on storage only its host mounts still stops that host's step before anything changes,
   * naming the guest and not vCenter's appliance, which keeps running.
   */
  @Test
  void aGuestOnStorageOnlyItsHostMountsStopsThatHostBeforeMaintenanceMode() throws Exception {
    Files.createDirectories(box.dir.resolve("local-01"));
    sim("add", "vcsa-8.0u3", box.dir.resolve("local-01").toString());
    sim("add", "app-01", box.dir.resolve("local-01").toString());
    try {
      box.config(c -> ((ObjectNode) c.at("/hosts/0")).put("datastore", "local-01"));
      JsonNode st = box.runToEnd("start");
      assertEquals("failed", st.get("state").asText(), st.toString());
      JsonNode report = box.json("report");
      assertEquals("done", report.at("/steps/2/state").asText()); // vCenter was rehearsed
      assertEquals("esxi-01", report.at("/failure/host").asText(), report.toString());
      String message = report.at("/failure/message").asText();
      assertTrue(
          message.contains("app-01 (on local-01)")
              && !message.contains("vcsa-8.0u3")
              && message.contains("Nothing was changed on esxi-01"),
          message);
      assertTrue(box.calls().stream().noneMatch(c -> c.contains("profile update")));
      assertTrue(box.calls().stream().noneMatch(c -> c.contains("power.shutdown")));
      assertEquals("poweredOn", sim("state", "vcsa-8.0u3", ""));
      control("/nestlab/inventory")
          .get("hosts")
          .forEach(h -> assertFalse(h.get("maintenance").asBoolean(), h.toString()));
    } finally {
      sim("remove", "app-01", "");
      sim("remove", "vcsa-8.0u3", "");
    }
  }

  /**
   * Adds (or removes, or prints the power state of) a VM {@code name}, powered on, on a datastore
   * only DC0_C0_H0 mounts.
   */
  private String sim(String what, String name, String path) throws Exception {
    String script =
        """
        import ssl, sys
        from pyVim.connect import SmartConnect
        from pyVmomi import vim
        si = SmartConnect(host=sys.argv[1], port=int(sys.argv[2]), user="user", pwd="pass",
                          sslContext=ssl._create_unverified_context())
        c = si.RetrieveContent()
        def find(kind, name):
            v = c.viewManager.CreateContainerView(c.rootFolder, [kind], True)
            return next((o for o in v.view if o.name == name), None)
        def wait(t):
            while t.info.state not in ("success", "error"):
                pass
            assert t.info.state == "success", t.info.error
        name = sys.argv[4]
        vm = find(vim.VirtualMachine, name)
        if sys.argv[3] == "state":
            print(vm.runtime.powerState)
            sys.exit(0)
        if sys.argv[3] == "remove":
            if vm is not None:
                if vm.runtime.powerState == "poweredOn":
                    wait(vm.PowerOffVM_Task())
                wait(vm.Destroy_Task())
            sys.exit(0)
        host = find(vim.HostSystem, "DC0_C0_H0")
        if "local-01" not in [d.name for d in host.datastore]:
            host.configManager.datastoreSystem.CreateLocalDatastore(name="local-01", path=sys.argv[5])
        dc = find(vim.Datacenter, "DC0")
        spec = vim.vm.ConfigSpec(name=name, numCPUs=1, memoryMB=64, guestId="otherGuest",
                                 files=vim.vm.FileInfo(vmPathName="[local-01]"))
        t = dc.vmFolder.CreateVM_Task(config=spec, pool=host.parent.resourcePool, host=host)
        wait(t)
        wait(t.info.result.PowerOnVM_Task())
        """;
    Tools.Run r =
        Tools.run(
            List.of(
                Tools.HOST_PYTHON,
                "-c",
                script,
                url.getHost(),
                String.valueOf(url.getPort()),
                what,
                name,
                path),
            Map.of(),
            box.dir,
            120);
    assertEquals(0, r.exit(), r.output());
    return r.output().strip();
  }

  @Test
  void afterARollbackTheRehearsalRunsAgainFromTheStart() throws Exception {
    assertEquals("succeeded", box.runToEnd("start").get("state").asText());
    box.json("checkpoint", "rollback", "pre-upgrade");
    control("/nestlab/reset"); // what the rolled-back disks hold: the source builds
    JsonNode st = box.runToEnd("start");
    assertEquals("succeeded", st.get("state").asText(), st.toString());
    JsonNode report = box.json("report");
    assertEquals(SOURCE_ESXI, report.at("/before/hosts/esxi-01/build").asText());
    assertEquals(TARGET_ESXI, report.at("/after/hosts/esxi-01/build").asText());
    assertEquals(
        2,
        box.calls().stream()
            .filter(c -> c.contains("esxi-01 ssh") && c.contains("reboot"))
            .count());
    assertEquals(1, box.json("checkpoint", "list").get("checkpoints").size());
  }

  @Test
  void checkpointsAreRealOverlaysThatRollBackAndDelete() throws Exception {
    box.write("esxi-01", "0x11", 0);
    JsonNode one = box.json("checkpoint", "create", "one");
    assertEquals("one", one.get("name").asText());
    assertTrue(one.get("bytes").asLong() > 0, one.toString());
    box.write("esxi-01", "0x22", 65536);
    box.json("checkpoint", "create", "two");
    box.write("esxi-01", "0x33", 131072);
    box.write("vcsa", "0x44", 0);
    JsonNode list = box.json("checkpoint", "list").get("checkpoints");
    assertEquals(
        List.of("one", "two"),
        List.of(list.get(0).get("name").asText(), list.get(1).get("name").asText()));

    box.json("checkpoint", "rollback", "one");
    assertTrue(box.holds("esxi-01", "0x11", 0));
    assertTrue(box.holds("esxi-01", "0", 65536), "written after checkpoint one");
    assertTrue(box.holds("esxi-01", "0", 131072), "written after checkpoint two");
    assertTrue(box.holds("vcsa", "0", 0), "vCenter's disk rolled back too");
    box.json("checkpoint", "rollback", "two"); // a later checkpoint survives a rollback
    assertTrue(box.holds("esxi-01", "0x22", 65536));
    assertTrue(box.holds("esxi-01", "0", 131072));

    box.json("checkpoint", "delete", "one");
    assertEquals(1, box.json("checkpoint", "list").get("checkpoints").size());
    for (String d : RehearsalSandbox.DOMAINS) {
      box.chain(d).forEach(f -> assertTrue(Files.exists(Path.of(f)), f));
      assertEquals("running", box.domainState(d));
    }
    assertTrue(box.holds("esxi-01", "0x11", 0));
    Tools.Run missing = box.verb("checkpoint", "rollback", "nope");
    assertEquals(1, missing.exit());
    assertTrue(missing.output().contains("there is no checkpoint nope"), missing.output());
    assertEquals(2, box.verb("checkpoint", "frobnicate").exit());
  }

  @Test
  void aKilledCheckpointLeavesNoHalfCheckpointAndTheNextOneWorks() throws Exception {
    // Before the shutdown, during it, while planning the overlays, between two domains'
    // redefinitions and at the last one: never a checkpoint, and the next one is whole.
    for (String at :
        List.of(
            "1 parent domstate",
            "2 parent shutdown",
            "2 parent dumpxml",
            "2 parent define",
            "4 parent define")) {
      Files.writeString(box.dir.resolve("calls.log"), "");
      Files.writeString(box.dir.resolve("kill-at"), at);
      Tools.Run killed = box.verb("checkpoint", "create", "cp");
      assertNotEquals(0, killed.exit(), at + ": " + killed.output());
      assertFalse(Files.exists(box.dir.resolve("kill-at")), at + ": the kill did not happen");
      JsonNode list = box.json("checkpoint", "list").get("checkpoints");
      assertEquals(0, list.size(), at + ": " + list);
    }
    box.write("esxi-03", "0x77", 0);
    box.json("checkpoint", "create", "cp");
    box.write("esxi-03", "0x78", 0);
    for (String d : RehearsalSandbox.DOMAINS) {
      assertEquals("running", box.domainState(d), d + " was not started again");
      assertEquals(2, box.chain(d).size(), d + ": half-made overlays were not undone");
    }
    box.json("checkpoint", "rollback", "cp");
    assertTrue(box.holds("esxi-03", "0x77", 0));
  }

  @Test
  void theIsoMethodBootsTheHostFromAnUpgradeKickstartAndRestoresTheBootOrder() throws Exception {
    Files.writeString(box.dir.resolve("esxi.iso"), "not an ISO: the stub xorriso reads none\n");
    box.config(
        c -> {
          ((ObjectNode) c.get("media")).put("esxiIso", box.dir.resolve("esxi.iso").toString());
          c.get("hosts").forEach(h -> ((ObjectNode) h).put("method", "iso"));
        });
    JsonNode st = box.runToEnd("start");
    assertEquals("succeeded", st.get("state").asText(), st.toString());
    assertTrue(box.calls().stream().noneMatch(c -> c.contains(" ssh ")), "iso used ssh");
    for (String h : List.of("esxi-01", "esxi-02", "esxi-03")) {
      String xml = Files.readString(box.dir.resolve("libvirt/" + h + ".xml"));
      assertFalse(xml.contains("<boot order=\"1\""), h + " still boots the installer: " + xml);
      assertEquals("running", box.domainState(h));
    }
    JsonNode inv = control("/nestlab/inventory");
    inv.get("hosts").forEach(h -> assertEquals(TARGET_ESXI, h.get("build").asText()));
  }

  @Test
  void stopAfterPausesAndResumeGoesOn() throws Exception {
    box.config(c -> c.put("stopAfter", "esxi-01"));
    JsonNode st = box.runToEnd("start");
    assertEquals("paused", st.get("state").asText(), st.toString());
    assertEquals("done", st.at("/steps/3/state").asText());
    assertEquals("pending", st.at("/steps/4/state").asText());
    // Paused mid-upgrade: DRS stays partially automated until verification restores it.
    assertEquals(
        "partiallyAutomated", control("/nestlab/inventory").at("/clusters/DC0_C0").asText());
    st = box.runToEnd("resume");
    assertEquals("succeeded", st.get("state").asText(), st.toString());
    assertEquals("fullyAutomated", control("/nestlab/inventory").at("/clusters/DC0_C0").asText());
    Tools.Run again = box.verb("resume");
    assertEquals(1, again.exit());
    assertTrue(again.output().contains("already succeeded"), again.output());
  }

  @Test
  void checkpointVerbsAreRefusedWhileAKilledRunsInstallerStillRuns() throws Exception {
    // The vCenter upgrade (the third vcsa-deploy call) kills the run with SIGKILL and keeps
    // running, as a detached installer outlives a lost orchestrator.
    Files.writeString(box.dir.resolve("installer-hold"), "");
    Files.writeString(box.dir.resolve("kill-at"), "3 vcsa-deploy");
    JsonNode st = box.runToEnd("start");
    assertEquals("failed", st.get("state").asText(), st.toString());
    assertTrue(st.toString().contains("interrupted"), st.toString());
    assertFalse(Files.exists(box.dir.resolve("kill-at")), "the kill did not happen");
    assertTrue(st.get("busy").asBoolean(), st.toString());
    assertEquals("vcsa-deploy upgrade", st.at("/liveProcesses/0/command").asText(), st.toString());
    long installer = st.at("/liveProcesses/0/pid").asLong();
    for (List<String> verb :
        List.of(
            List.of("checkpoint", "rollback", "pre-upgrade"),
            List.of("checkpoint", "create", "another"),
            List.of("checkpoint", "delete", "pre-upgrade"))) {
      Tools.Run refused = box.verb(verb.toArray(String[]::new));
      assertEquals(1, refused.exit(), verb + ": " + refused.output());
      String error = JSON.readTree(refused.output()).get("error").asText();
      assertTrue(error.contains("pid " + installer + " (vcsa-deploy upgrade)"), error);
      assertTrue(error.contains("still run"), error);
    }
    Tools.Run again = box.verb("start"); // a second installer beside the first: refused too
    assertEquals(1, again.exit(), again.output());
    assertTrue(again.output().contains("`nestlab-rehearsal resume` follows them"), again.output());
    assertEquals(1, box.json("checkpoint", "list").get("checkpoints").size());
    assertEquals(2, box.chain("esxi-01").size(), "a refused verb changed the disks");
    // The installer ends: the lab is free again and the rollback goes through.
    Files.delete(box.dir.resolve("installer-hold"));
    JsonNode idle = box.json("status");
    for (int i = 0; i < 600 && idle.get("busy").asBoolean(); i++) {
      Thread.sleep(100);
      idle = box.json("status");
    }
    assertFalse(idle.get("busy").asBoolean(), "the installer still runs after 60 s: " + idle);
    assertEquals(TARGET_VC, control("/nestlab/inventory").get("vcenter").asText());
    box.write("esxi-01", "0x5b", 0);
    assertEquals(
        "pre-upgrade", box.json("checkpoint", "rollback", "pre-upgrade").get("name").asText());
    assertTrue(box.holds("esxi-01", "0", 0), "the write after the checkpoint survived");
  }

  @Test
  void forceStopsAKilledRunsInstallerBeforeTheRollback() throws Exception {
    Files.writeString(box.dir.resolve("installer-hold"), "");
    Files.writeString(box.dir.resolve("kill-at"), "3 vcsa-deploy");
    JsonNode st = box.runToEnd("start");
    assertTrue(st.get("busy").asBoolean(), st.toString());
    long installer = st.at("/liveProcesses/0/pid").asLong();
    box.write("esxi-01", "0x5c", 0);
    assertEquals(2, box.verb("checkpoint", "rollback", "pre-upgrade", "--frobnicate").exit());
    // The held installer would never end by itself: --force stops it, then rolls back.
    JsonNode back = box.json("checkpoint", "rollback", "pre-upgrade", "--force");
    assertEquals("pre-upgrade", back.get("name").asText());
    assertTrue(box.holds("esxi-01", "0", 0), "the write after the checkpoint survived");
    JsonNode after = box.json("status");
    assertFalse(after.get("busy").asBoolean(), after.toString());
    assertTrue(
        after.get("warnings").toString().contains("--force stopped pid " + installer),
        after.toString());
    // Stopped, not finished: vCenter never reached the target build.
    assertNotEquals(TARGET_VC, control("/nestlab/inventory").get("vcenter").asText());
  }

  /**
   * Kills the run (SIGKILL) at the first and the last outside call of every step that makes one,
   * resumes it, and compares the end with an uninterrupted run's. (verify and report only read
   * vCenter: they call no outside program to be killed in.)
   */
  @Test
  void killedAtEveryStepAndResumedItEndsAsAnUninterruptedRun() throws Exception {
    assertEquals("succeeded", box.runToEnd("start").get("state").asText());
    Map<String, Object> reference = endState(box);
    Map<String, int[]> bounds = new LinkedHashMap<>();
    for (String call : box.calls()) {
      String[] w = call.split(" ");
      int n = Integer.parseInt(w[0]);
      bounds.computeIfAbsent(w[1], k -> new int[] {n, n})[1] = n;
    }
    assertTrue(
        bounds
            .keySet()
            .containsAll(
                List.of("precheck", "checkpoint", "vcenter", "esxi-01", "esxi-02", "esxi-03")),
        bounds.keySet().toString());
    TreeSet<Integer> points = new TreeSet<>();
    bounds
        .values()
        .forEach(
            b -> {
              points.add(b[0]);
              points.add(b[1]);
            });
    for (int at : points) {
      box.stop();
      box = sandbox("box");
      Files.writeString(box.dir.resolve("kill-at"), String.valueOf(at));
      JsonNode st = box.runToEnd("start");
      assertEquals("failed", st.get("state").asText(), "killed at call " + at + ": " + st);
      assertTrue(st.toString().contains("interrupted"), "killed at call " + at + ": " + st);
      st = box.runToEnd("resume");
      assertEquals("succeeded", st.get("state").asText(), "killed at call " + at + ": " + st);
      assertEquals(reference, endState(box), "killed at call " + at);
    }
  }

  private static Map<String, Object> endState(RehearsalSandbox b) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("inventory", control("/nestlab/inventory"));
    JsonNode report = b.json("report");
    RehearsalSandbox.assertAllDone(report.get("steps"));
    out.put("before", report.get("before"));
    out.put("after", report.get("after"));
    List<String> checks = new ArrayList<>();
    report
        .get("checks")
        .forEach(c -> checks.add(c.get("name").asText() + "=" + c.get("ok").asBoolean()));
    out.put("checks", checks);
    out.put("checkpoints", b.json("checkpoint", "list").get("checkpoints").size());
    for (String d : RehearsalSandbox.DOMAINS) {
      List<String> chain = b.chain(d);
      out.put(
          d,
          b.domainState(d)
              + ", layers "
              + chain.size()
              + ", bottom "
              + Path.of(chain.get(chain.size() - 1)).getFileName());
    }
    return out;
  }
}
