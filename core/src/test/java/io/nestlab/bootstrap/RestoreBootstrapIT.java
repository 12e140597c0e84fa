package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestlab.spec.LabSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap of a host whose data disk comes from a blueprint, run for real with bash in a
 * sandbox directory: the cloud and KVM parts (virsh, qemu-img, mountpoint, systemctl, the port
 * waits) are stubs on PATH that record their calls, Python is Debian's /usr/bin/python3. A host
 * rendered for a restore whose data disk is empty installs the lab; a second host whose data disk
 * is a copy of the first's (what a snapshot gives) skips installation and starts the lab it finds.
 * Also {@code nestlab-lab-power} on the same stubs: shutdown, status and start, one JSON document.
 */
class RestoreBootstrapIT {
  private static final String STUB_VIRSH =
      """
      #!/bin/bash
      # A libvirt stand-in: domains are files in $STUB_STATE (their state as text).
      echo "virsh $*" >>"$STUB_LOG"
      d="$STUB_STATE/domains"
      mkdir -p "$d"
      case "$1" in
        dominfo) [ -e "$d/$2" ] ;;
        define) n=$(sed -n 's|.*<name>\\(.*\\)</name>.*|\\1|p' "$2" | head -n1); \
      [ -e "$d/$n" ] || echo "shut off" >"$d/$n" ;;
        autostart) [ -e "$d/$2" ] ;;
        domstate) [ -e "$d/$2" ] && cat "$d/$2" ;;
        start) echo running >"$d/$2" ;;
        shutdown | destroy) echo "shut off" >"$d/$2" ;;
        net-info) echo "Active:         yes" ;;
        *) exit 0 ;;
      esac
      """;

  private static final String STUB_RECORD =
      """
      #!/bin/bash
      echo "$(basename "$0") $*" >>"$STUB_LOG"
      """;

  /** qemu-img create makes the file, as the real one does. */
  private static final String STUB_QEMU_IMG =
      """
      #!/bin/bash
      echo "qemu-img $*" >>"$STUB_LOG"
      if [ "$1" = create ]; then touch "${@: -2:1}"; fi
      """;

  /** The pyVmomi helper talks to ESXi hosts, which are not here: record it; the rest is real. */
  private static final String STUB_PYTHON3 =
      """
      #!/bin/bash
      case "${1:-}" in
        */nestlab-power.py) echo "nestlab-power.py ${*:2}" >>"$STUB_LOG"; exit 0 ;;
      esac
      exec /usr/bin/python3 "$@"
      """;

  @TempDir Path dir;

  @Test
  void anEmptyDiskInstallsAndACopyOfItStartsWithoutInstalling() throws Exception {
    Tools.requireHostPython(false);
    LabSpec spec = Labs.singleHost();

    // 1. A restore host whose data disk is empty: it installs (ESXi disks made, install waited).
    Path first = sandbox("first", spec, "blueprint-src");
    Tools.Run install = bootstrap(first);
    assertEquals(0, install.exit(), install.output());
    String progress = Files.readString(first.resolve("var/lib/nestlab/progress.log"));
    assertTrue(progress.contains("phase=restore-check status=done"), progress);
    assertTrue(progress.contains("reason=no-lab-on-disk"), progress);
    assertTrue(progress.contains("phase=esxi-vm host=esx-01 status=done"), progress);
    assertTrue(progress.contains("phase=esxi-install host=esx-01 status=done"), progress);
    assertTrue(progress.contains("phase=ready status=done"), progress);
    assertTrue(calls(first).contains("qemu-img create"), calls(first));
    Path kept = first.resolve("data/.nestlab/lab");
    assertTrue(Files.isRegularFile(kept.resolve("lab.json")), "the lab's files are on the disk");
    assertEquals(
        Files.readString(first.resolve("etc/nestlab/secrets.env")),
        Files.readString(kept.resolve("secrets.env")),
        "and its passwords");
    assertEquals("rw-------", perms(kept.resolve("secrets.env")));

    // The engine shuts the lab down before the snapshot: one JSON document, everything stopped.
    Tools.Run down = power(first, "shutdown");
    assertEquals(0, down.exit(), down.output());
    JsonNode stopped = json(down);
    assertEquals("stopped", stopped.get("state").asText(), stopped.toString());
    assertEquals("esx-01", stopped.get("vms").get(0).get("name").asText());
    assertEquals("stopped", stopped.get("vms").get(0).get("state").asText());
    assertTrue(calls(first).contains("virsh shutdown esx-01"), calls(first));

    // 2. Another lab from a copy of that disk: nothing is installed, the lab on it is started.
    Path second = sandbox("second", spec.toBuilder().name("from-blueprint").build(), null);
    copyTree(first.resolve("data"), second.resolve("data"));
    Tools.Run restore = bootstrap(second);
    assertEquals(0, restore.exit(), restore.output());
    String restored = Files.readString(second.resolve("var/lib/nestlab/progress.log"));
    assertTrue(restored.contains("phase=restore-check status=done t="), restored);
    assertTrue(restored.contains("phase=esxi-start host=esx-01 status=done"), restored);
    assertTrue(restored.contains("phase=secrets-rotate status=done"), restored);
    assertTrue(restored.contains("phase=ready status=done"), restored);
    for (String phase :
        List.of("phase=media", "phase=esxi-iso", "phase=esxi-vm", "phase=esxi-install")) {
      assertFalse(restored.contains(phase), phase + " ran on a restore: " + restored);
    }
    String ran = calls(second);
    assertFalse(ran.contains("qemu-img"), "no disk is made: " + ran);
    assertTrue(ran.contains("virsh define"), ran);
    assertTrue(ran.contains("virsh start esx-01"), ran);
    assertTrue(ran.contains("nestlab-power.py rotate-esxi"), ran);
    assertEquals(
        Files.readString(kept.resolve("secrets.env")),
        Files.readString(second.resolve("etc/nestlab/secrets.env")),
        "the blueprint's passwords, until the rotation (stubbed here) replaces them");
    String env = Files.readString(second.resolve("opt/nestlab/etc/lab.env"));
    String own = env.substring(env.indexOf("# This lab's own settings"));
    assertTrue(own.contains("LAB_NAME=") && own.contains("from-blueprint"), env);
    assertEquals(
        "blueprint-src",
        new ObjectMapper()
            .readTree(second.resolve("opt/nestlab/etc/lab.json").toFile())
            .get("lab")
            .asText(),
        "inside, the lab is the blueprint's (its names)");

    JsonNode status = json(power(second, "status"));
    assertEquals("running", status.get("state").asText(), status.toString());

    // A blueprint saved from the restored lab: its disk carries no restore marker, and its
    // lab.env the blueprint's settings with this lab's own once.
    assertEquals(0, power(second, "shutdown").exit());
    Path third = sandbox("third", spec.toBuilder().name("third-lab").build(), null);
    copyTree(second.resolve("data"), third.resolve("data"));
    assertFalse(
        Files.exists(third.resolve("data/.nestlab/markers/secrets-rotate.done")),
        "the rotation's marker stays on the restored host's root disk");
    Tools.Run again = bootstrap(third);
    assertEquals(0, again.exit(), again.output());
    String thirdProgress = Files.readString(third.resolve("var/lib/nestlab/progress.log"));
    assertTrue(thirdProgress.contains("phase=secrets-rotate status=done"), thirdProgress);
    String thirdEnv = Files.readString(third.resolve("opt/nestlab/etc/lab.env"));
    assertEquals(1, thirdEnv.lines().filter(l -> l.startsWith("LAB_NAME=")).count(), thirdEnv);
    assertTrue(thirdEnv.contains("third-lab"), thirdEnv);
  }

  @Test
  void aDiskHoldingAnotherLabIsRefusedNamingBoth() throws Exception {
    Tools.requireHostPython(false);
    Path first = sandbox("first", Labs.singleHost(), "blueprint-src");
    assertEquals(0, bootstrap(first).exit());
    LabSpec two =
        Labs.singleHost().toBuilder()
            .name("two-hosts")
            .esxi(new io.nestlab.spec.EsxiSpec("8.0U3", 2, "esx", 4, 16, 32, 200, Map.of()))
            .build();
    Path second = sandbox("second", two, null);
    copyTree(first.resolve("data"), second.resolve("data"));
    Tools.Run r = bootstrap(second);
    assertEquals(1, r.exit(), r.output());
    assertTrue(
        r.output().contains("the blueprint's lab has ESXi hosts 'esx-01'")
            && r.output().contains("'esx-01 esx-02'"),
        r.output());
    String progress = Files.readString(second.resolve("var/lib/nestlab/progress.log"));
    assertTrue(progress.contains("phase=restore-check status=failed"), progress);
    assertFalse(progress.contains("phase=esxi-vm"), "nothing is installed over it: " + progress);
  }

  @Test
  void thePowerProgramAnswersOneJsonErrorOnBadUse() throws Exception {
    Tools.requireHostPython(false);
    Path first = sandbox("first", Labs.singleHost(), null);
    Tools.Run r = power(first, "reboot");
    assertEquals(1, r.exit(), r.output());
    assertTrue(json(r).get("error").asText().contains("shutdown|start|status"), r.output());
  }

  // ---------------------------------------------------------------- sandbox

  /**
   * A host's root: the rendered files for a restore, stubs, and (for a blueprint's source) the
   * media already downloaded and the installer ISO already remastered, which this test leaves to
   * HostScriptsIT and the ESXi script's own tests.
   */
  private Path sandbox(String name, LabSpec spec, String renamedTo) throws IOException {
    Path root = dir.resolve(name);
    LabSpec s = renamedTo == null ? spec : spec.toBuilder().name(renamedTo).build();
    BootstrapRenderer.render(s, RenderOptions.of("aws").withRestore(true)).writeTo(root);
    // Preflight reads /proc and /sys of a real KVM host; HostScriptsIT and the host test it.
    write(root.resolve("opt/nestlab/bin/nestlab-preflight.sh"), "#!/bin/bash\nexit 0\n");
    Path stubs = root.resolve("stubs");
    write(stubs.resolve("virsh"), STUB_VIRSH);
    write(stubs.resolve("qemu-img"), STUB_QEMU_IMG);
    write(stubs.resolve("python3"), STUB_PYTHON3);
    for (String rec : List.of("systemctl", "mountpoint", "timeout", "sync", "mount")) {
      write(stubs.resolve(rec), STUB_RECORD);
    }
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost\n");
    Path data = root.resolve("data");
    if (renamedTo != null) {
      write(data.resolve("media/esxi.iso"), "iso");
      write(data.resolve("esxi/esx-01/esxi-esx-01.iso"), "iso");
    }
    return root;
  }

  private static Map<String, String> env(Path root) {
    return Map.of(
        "PATH", root.resolve("stubs") + ":/usr/bin:/bin",
        "NESTLAB_HOME", root.resolve("opt/nestlab").toString(),
        "NESTLAB_STATE", root.resolve("var/lib/nestlab").toString(),
        "NESTLAB_SECRETS", root.resolve("etc/nestlab/secrets.env").toString(),
        "NESTLAB_CONSOLE", root.resolve("console").toString(),
        "NESTLAB_DATA", root.resolve("data").toString(),
        "NESTLAB_ETC_HOSTS", root.resolve("etc/hosts").toString(),
        "NESTLAB_POWER", root.resolve("usr/local/sbin/nestlab-lab-power").toString(),
        "STUB_LOG", root.resolve("calls.log").toString(),
        "STUB_STATE", root.resolve("stub-state").toString());
  }

  private static Tools.Run bootstrap(Path root) throws IOException, InterruptedException {
    return Tools.run(
        List.of("bash", root.resolve("opt/nestlab/bin/nestlab-bootstrap.sh").toString()),
        env(root),
        root,
        120);
  }

  /** Runs the power program; its stdout alone is the answer (stderr goes to power.err). */
  private static Tools.Run power(Path root, String command)
      throws IOException, InterruptedException {
    Tools.Run r =
        Tools.run(
            List.of(
                "bash",
                "-c",
                "\"$0\" \"$1\" 2>>\"$2\"",
                root.resolve("usr/local/sbin/nestlab-lab-power").toString(),
                command,
                root.resolve("power.err").toString()),
            env(root),
            root,
            120);
    return new Tools.Run(r.exit(), r.output() + "\n" + Files.readString(root.resolve("power.err")));
  }

  /** The one JSON document on the power program's stdout (the first line of {@link #power}). */
  private static JsonNode json(Tools.Run r) throws IOException {
    String out = r.output().lines().findFirst().orElse("");
    assertTrue(out.startsWith("{"), "one JSON document on stdout: " + r.output());
    return new ObjectMapper().readTree(out);
  }

  private static String calls(Path root) throws IOException {
    Path log = root.resolve("calls.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String perms(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      try (Stream<Path> old = Files.walk(to)) {
        old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
