package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.testing.Peer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs the real pyVmomi configuration script with the L1 image's own Python and pyVmomi ({@link
 * L1Image}: Debian 12's python3 and python3-pyvmomi) against VMware's govmomi vSphere simulator,
 * built here from Debian's govmomi source, on loopback TLS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigureScriptIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PYTHON = Tools.HOST_PYTHON;

  private static Vcsim simulator;
  private static URI url;
  private static Path work;
  private static RenderedBootstrap bootstrap;

  @BeforeAll
  static void startSimulator() throws Exception {
    // All three in one call, so a machine without them hears of each one.
    Tools.require(Peer.PYVMOMI, Peer.GO, Peer.GOVMOMI_SOURCE);
    Tools.requireHostPython(true);
    work = Tools.target().resolve("vcsim-it");
    Files.createDirectories(work);
    Files.deleteIfExists(work.resolve("console.log")); // each run reads only its own lines
    try (InputStream in = ConfigureScriptIT.class.getResourceAsStream("vcsim/inspect.py")) {
      Files.copy(in, work.resolve("inspect.py"), StandardCopyOption.REPLACE_EXISTING);
    }
    simulator = Vcsim.start(Vcsim.build("vcsim/main.go", work, "vcsim-nestlab"));
    url = simulator.url();

    bootstrap = BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of("aws"));
    Files.writeString(
        work.resolve("secrets.env"),
        "ESXI_ROOT_PASSWORD=Esx.Root-Pass1\nVCSA_ROOT_PASSWORD=Vc-Root.Pass1\n"
            + "SSO_USER=user\nSSO_PASSWORD=pass\n");
    Files.setPosixFilePermissions(
        work.resolve("secrets.env"), PosixFilePermissions.fromString("rw-------"));
    Files.writeString(
        work.resolve("nestlab-configure.py"),
        bootstrap.file("opt/nestlab/bin/nestlab-configure.py").orElseThrow());
    Files.writeString( // the module it imports, installed beside it
        work.resolve("nestlab_vcls.py"),
        bootstrap.file("opt/nestlab/bin/nestlab_vcls.py").orElseThrow());
  }

  @AfterAll
  static void stopSimulator() throws Exception {
    if (simulator != null) {
      simulator.close();
    }
  }

  private static Tools.Run configure(Path inventory, String... extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                PYTHON,
                work.resolve("nestlab-configure.py").toString(),
                "--inventory",
                inventory.toString(),
                "--secrets",
                work.resolve("secrets.env").toString(),
                "--server",
                url.getHost() + ":" + url.getPort(),
                "--insecure",
                "--media-dir",
                work.resolve("media").toString(),
                "--timeout",
                "120",
                "--vcls-wait",
                "2"));
    cmd.addAll(List.of(extra));
    return Tools.run(
        cmd, Map.of("NESTLAB_CONSOLE", work.resolve("console.log").toString()), work, 180);
  }

  private static JsonNode inspect(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                PYTHON,
                work.resolve("inspect.py").toString(),
                url.getHost(),
                String.valueOf(url.getPort())));
    cmd.addAll(List.of(args));
    Tools.Run r = Tools.run(cmd, Map.of(), work, 60);
    assertEquals(0, r.exit(), r.output());
    return args[0].equals("inventory") ? JSON.readTree(r.output()) : null;
  }

  private static Path inventory(boolean withGuests) throws Exception {
    ObjectNode inv =
        (ObjectNode) JSON.readTree(bootstrap.file("opt/nestlab/etc/lab.json").orElseThrow());
    ArrayNode guests = JSON.createArrayNode();
    if (withGuests) {
      ObjectNode g = guests.addObject();
      g.put("name", "tools-01");
      g.put("cpus", 1);
      g.put("memoryGib", 2);
      g.put("diskGib", 4);
      g.put("host", "esx-02");
      g.put("image", "https://example.org/tools.iso");
      g.put("imageKind", "iso");
      g.put("imageFile", "tools-01.iso");
      ObjectNode blank = guests.addObject();
      blank.put("name", "blank-01");
      blank.put("cpus", 2);
      blank.put("memoryGib", 1);
      blank.put("diskGib", 2);
      blank.put("host", "esx-02");
      blank.putNull("image");
      blank.putNull("imageKind");
      blank.putNull("imageFile");
    }
    inv.set("guests", guests);
    Path p = work.resolve(withGuests ? "lab-guests.json" : "lab.json");
    Files.writeString(p, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(inv));
    return p;
  }

  /** The lab's inventory with one small guest (1 vCPU, 1 GiB, 1 GiB disk) on esx-02. */
  private static Path oneGuestInventory(String name, String image, String kind, String file)
      throws Exception {
    ObjectNode inv =
        (ObjectNode) JSON.readTree(bootstrap.file("opt/nestlab/etc/lab.json").orElseThrow());
    ArrayNode guests = JSON.createArrayNode();
    ObjectNode g = guests.addObject();
    g.put("name", name);
    g.put("cpus", 1);
    g.put("memoryGib", 1);
    g.put("diskGib", 1);
    g.put("host", "esx-02");
    g.put("image", image);
    g.put("imageKind", kind);
    g.put("imageFile", file);
    inv.set("guests", guests);
    Path p = work.resolve("lab-" + name + ".json");
    Files.writeString(p, JSON.writeValueAsString(inv));
    return p;
  }

  @Test
  @Order(1)
  void createsTheDatacenterTheClusterAndAddsEveryHost() throws Exception {
    Tools.Run r = configure(inventory(false));
    assertEquals(0, r.exit(), r.output());
    JsonNode inv = inspect("inventory");
    assertTrue(inv.path("datacenters").toString().contains("article-lab-dc"), inv.toString());
    JsonNode cluster = inv.path("clusters").path("article-lab-cluster");
    assertTrue(cluster.path("drs").asBoolean(), inv.toString());
    assertEquals(
        "[\"esx-01.lab.internal\",\"esx-02.lab.internal\",\"esx-03.lab.internal\"]",
        cluster.path("hosts").toString());
    // 7.0U3 without vCLS VMs in time: vCLS is disabled for the cluster instead.
    assertTrue(
        inv.path("options").toString().contains("\"false\""), inv.path("options").toString());
    for (String h : List.of("esx-01", "esx-02", "esx-03")) {
      assertTrue(
          r.output().contains("NESTLAB phase=host-add host=" + h + " status=done"), r.output());
    }
    ProgressTracker tracker = ProgressTracker.create();
    tracker.accept(Files.readString(work.resolve("console.log")));
    assertTrue(tracker.failure().isEmpty());
    assertEquals(
        ProgressStatus.DONE, tracker.status(BootstrapStep.of("host-add", "esx-03")).orElseThrow());
    assertFalse(r.output().contains("Esx.Root-Pass1"), "no password in the output");
  }

  @Test
  @Order(2)
  void aSecondRunChangesNothing() throws Exception {
    JsonNode before = inspect("inventory");
    Tools.Run r = configure(inventory(false));
    assertEquals(0, r.exit(), r.output());
    assertFalse(r.output().contains("status=start"), "nothing left to do: " + r.output());
    assertEquals(before, inspect("inventory"));
  }

  @Test
  @Order(3)
  void deploysAnIsoGuestOnItsHost() throws Exception {
    Path ds = work.resolve("ds-esx-02");
    if (Files.exists(ds)) { // left by an earlier run: the simulator starts empty every time
      try (var old = Files.walk(ds)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    Files.createDirectories(ds);
    inspect("datastore", "esx-02.lab.internal", "ds-esx-02", ds.toString());
    Files.createDirectories(work.resolve("media"));
    Files.write(work.resolve("media/tools-01.iso"), new byte[64 * 1024]);
    Tools.Run r = configure(inventory(true), "--only", "guests");
    assertEquals(0, r.exit(), r.output());
    JsonNode vm = inspect("inventory").path("vms").path("tools-01");
    assertEquals("poweredOn", vm.path("power").asText(), vm.toString());
    assertEquals(1, vm.path("cpus").asInt());
    assertEquals(2048, vm.path("memoryMB").asInt());
    assertEquals("esx-02.lab.internal", vm.path("host").asText());
    assertEquals("[ds-esx-02] nestlab-iso/tools-01.iso", vm.path("iso").get(0).asText());
    assertTrue(Files.exists(ds.resolve("nestlab-iso/tools-01.iso")), "the ISO was uploaded");
    JsonNode blank = inspect("inventory").path("vms").path("blank-01");
    assertEquals(2, blank.path("cpus").asInt(), blank.toString());
    assertEquals(0, blank.path("iso").size(), "a guest without image gets no CD");
  }

  @Test
  @Order(4)
  void deploysAnOvaGuestThroughAnImportLease() throws Exception {
    Path ova = work.resolve("ova");
    Files.createDirectories(ova);
    try (InputStream in = ConfigureScriptIT.class.getResourceAsStream("vcsim/tiny.ovf")) {
      Files.copy(in, ova.resolve("tiny.ovf"), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.write(ova.resolve("tiny-disk1.vmdk"), new byte[4096]);
    Files.createDirectories(work.resolve("media"));
    Tools.Run tar =
        Tools.run(
            List.of(
                "tar",
                "-cf",
                work.resolve("media/app-01.ova").toString(),
                "tiny.ovf",
                "tiny-disk1.vmdk"),
            Map.of(),
            ova,
            30);
    assertEquals(0, tar.exit(), tar.output());
    Path p = oneGuestInventory("app-01", "https://example.org/app.ova", "ova", "app-01.ova");
    Tools.Run r = configure(p, "--only", "guests");
    assertEquals(0, r.exit(), r.output());
    assertTrue(
        r.output().contains("NESTLAB phase=guest-deploy host=app-01 status=done"), r.output());
    JsonNode vm = inspect("inventory").path("vms").path("app-01");
    assertEquals("poweredOn", vm.path("power").asText(), vm.toString());
    assertEquals(512, vm.path("memoryMB").asInt(), "the OVF's size");
    assertEquals("esx-02.lab.internal", vm.path("host").asText());
  }

  @Test
  @Order(5)
  void wrongCredentialsAreReportedWithoutThePassword() throws Exception {
    Path bad = work.resolve("bad-secrets.env");
    Files.writeString(bad, "ESXI_ROOT_PASSWORD=x\nSSO_USER=user\nSSO_PASSWORD=Wrong-Pass.99\n");
    List<String> cmd =
        List.of(
            PYTHON,
            work.resolve("nestlab-configure.py").toString(),
            "--inventory",
            inventory(false).toString(),
            "--secrets",
            bad.toString(),
            "--server",
            url.getHost() + ":" + url.getPort(),
            "--insecure",
            "--timeout",
            "30");
    Tools.Run r = Tools.run(cmd, Map.of("NESTLAB_CONSOLE", "/dev/null"), work, 60);
    assertEquals(1, r.exit(), r.output());
    assertTrue(r.output().contains("refused the SSO credentials"), r.output());
    assertFalse(r.output().contains("Wrong-Pass.99"), r.output());
  }

  @Test
  @Order(6)
  void aMissingGuestImageIsNamedWithoutATraceback() throws Exception {
    Path p = oneGuestInventory("lost-01", "https://example.org/lost.iso", "iso", "lost-01.iso");
    Tools.Run r = configure(p, "--only", "guests");
    assertEquals(1, r.exit(), r.output());
    assertTrue(r.output().contains("configure failed: "), r.output());
    assertTrue(r.output().contains("lost-01.iso"), r.output());
    assertTrue(
        r.output().contains("NESTLAB phase=guest-deploy host=lost-01 status=failed"), r.output());
    assertFalse(r.output().contains("Traceback"), r.output());
  }
}
