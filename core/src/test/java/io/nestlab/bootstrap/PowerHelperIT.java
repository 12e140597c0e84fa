package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestlab.testing.Peer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nestlab-power.py, the helper of nestlab-lab-power and of the restore's password rotation, run
 * with Debian's python3 and pyVmomi against govmomi's simulator as a standalone ESXi host with
 * three running VMs: guests are shut down (all but the one kept, recorded), one VM stopped and
 * started, the recorded guests started again, a missing VM named, and the root password rotated
 * into the secrets file.
 */
class PowerHelperIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OLD_PASSWORD = "Esx.Root-Pass1";
  private static Vcsim simulator;
  private static URI url;
  private static Path work;

  @BeforeAll
  static void startSimulator() throws Exception {
    Tools.require(Peer.PYVMOMI, Peer.GO, Peer.GOVMOMI_SOURCE);
    Tools.requireHostPython(true);
    work = Tools.target().resolve("vcsim-esx-it");
    simulator = Vcsim.start(Vcsim.build("vcsim-esx/main.go", work, "vcsim-esx"), OLD_PASSWORD);
    url = simulator.url();
    Files.writeString(
        work.resolve("lab.json"),
        "{\"hosts\":[{\"name\":\"esx-01\",\"ip\":\"" + url.getHost() + "\"}]}");
    Files.writeString(
        work.resolve("secrets.env"),
        "ESXI_ROOT_PASSWORD="
            + OLD_PASSWORD
            + "\nVCSA_ROOT_PASSWORD=Vc-Root.Pass1\nSSO_USER=administrator@vsphere.local\n"
            + "SSO_PASSWORD=Sso.Pass-1\n");
    Files.setPosixFilePermissions(
        work.resolve("secrets.env"), PosixFilePermissions.fromString("rw-------"));
    Files.deleteIfExists(work.resolve("secrets.env.rotating"));
    Files.writeString(
        work.resolve("nestlab-power.py"),
        BootstrapRenderer.render(Labs.article(), RenderOptions.of("aws"))
            .file("opt/nestlab/bin/nestlab-power.py")
            .orElseThrow());
    Files.writeString(
        work.resolve("nestlab-secrets.py"),
        BootstrapRenderer.render(Labs.article(), RenderOptions.of("aws"))
            .file("opt/nestlab/bin/nestlab-secrets.py")
            .orElseThrow());
  }

  @AfterAll
  static void stopSimulator() throws Exception {
    if (simulator != null) {
      simulator.close();
    }
  }

  private static Tools.Run power(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of(Tools.HOST_PYTHON, work.resolve("nestlab-power.py").toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(
        List.of(
            "--inventory",
            work.resolve("lab.json").toString(),
            "--secrets",
            work.resolve("secrets.env").toString(),
            "--deadline",
            "60"));
    return Tools.run(
        cmd, Map.of("NESTLAB_ESXI_API_PORT", String.valueOf(url.getPort())), work, 120);
  }

  private static Map<String, String> states() throws Exception {
    Tools.Run r = power("list");
    assertEquals(0, r.exit(), r.output());
    Map<String, String> out = new java.util.TreeMap<>();
    for (JsonNode vm : JSON.readTree(r.output().lines().reduce((a, b) -> b).orElse("[]"))) {
      out.put(vm.get("name").asText(), vm.get("state").asText());
    }
    return out;
  }

  @Test
  void guestsStopAndStartInOrderAndTheRootPasswordIsRotated() throws Exception {
    Map<String, String> before = states();
    assertEquals(3, before.size(), before.toString());
    assertTrue(before.values().stream().allMatch("poweredOn"::equals), before.toString());
    String kept = before.keySet().iterator().next(); // stands for vCenter on a host

    Path record = work.resolve("running-guests.json");
    Tools.Run stop = power("stop-guests", "--except", kept, "--record", record.toString());
    assertEquals(0, stop.exit(), stop.output());
    Map<String, String> after = states();
    assertEquals("poweredOn", after.get(kept), after.toString());
    assertEquals(2, after.values().stream().filter("poweredOff"::equals).count(), after.toString());
    JsonNode recorded = JSON.readTree(record.toFile()).get("running");
    assertEquals(2, recorded.size(), recorded.toString());
    assertFalse(recorded.toString().contains("\"" + kept + "\""), recorded.toString());

    assertEquals(0, power("stop-vm", kept).exit());
    assertTrue(states().values().stream().allMatch("poweredOff"::equals), states().toString());
    assertEquals(0, power("start-vm", kept).exit());
    assertEquals("poweredOn", states().get(kept));
    assertEquals(0, power("start-guests", "--record", record.toString()).exit());
    assertTrue(states().values().stream().allMatch("poweredOn"::equals), states().toString());

    Tools.Run missing = power("start-vm", "no-such-vm");
    assertEquals(1, missing.exit(), missing.output());
    assertTrue(missing.output().contains("no VM named no-such-vm"), missing.output());

    Tools.Run rotate = power("rotate-esxi");
    assertEquals(0, rotate.exit(), rotate.output());
    assertTrue(rotate.output().contains("esx-01: root password rotated"), rotate.output());
    String secrets = Files.readString(work.resolve("secrets.env"));
    assertFalse(secrets.contains(OLD_PASSWORD), "a new ESXi root password");
    assertNotEquals(-1, secrets.indexOf("ESXI_ROOT_PASSWORD="));
    assertTrue(secrets.contains("SSO_PASSWORD=Sso.Pass-1\n"), "what cannot be rotated stays");
    assertFalse(Files.exists(work.resolve("secrets.env.rotating")), "no pending password left");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("secrets.env"))));
    assertFalse(rotate.output().contains(OLD_PASSWORD), "no password printed");
  }
}
