package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host mounts the VCSA ISO the lab stages now, never one an earlier, failed run left mounted
 * (design 0203): after media.vcsaIso changed, the staging replaced the file and the old loop mount
 * still reads the deleted one. The host's own {@code nestlab-vcenter.sh mount-iso} runs with bash,
 * the mount tools stubbed on PATH and recording their calls.
 */
class VcsaIsoMountIT {
  private static final String STUB_RECORD =
      """
      #!/bin/bash
      echo "$(basename "$0") $*" >>"$STUB_LOG"
      """;

  @TempDir Path dir;

  @Test
  void aMountOfAReplacedIsoIsUndoneAndTheStagedOneMounted() throws Exception {
    Path root = host();
    Path iso = stagedIso(root);
    // Mounted, but from the file the staging replaced: losetup reports it deleted, another inode.
    mounted(root, iso + " (deleted)", "1");
    Tools.Run r = mountIso(root);
    assertEquals(0, r.exit(), r.output());
    assertEquals(
        List.of("umount " + mnt(root), "mount -o loop,ro " + iso + " " + mnt(root)), calls(root));
    assertTrue(r.output().contains("holds another VCSA ISO"), r.output());
  }

  @Test
  void theStagedIsoAlreadyMountedIsKept() throws Exception {
    Path root = host();
    Path iso = stagedIso(root);
    String inode = Files.getAttribute(iso, "unix:ino").toString();
    mounted(root, iso.toRealPath().toString(), inode);
    Tools.Run r = mountIso(root);
    assertEquals(0, r.exit(), r.output());
    assertEquals(List.of(), calls(root));
  }

  @Test
  void nothingMountedMountsTheStagedIso() throws Exception {
    Path root = host();
    Path iso = stagedIso(root);
    write(root.resolve("stubs/mountpoint"), "#!/bin/bash\nexit 1\n");
    Tools.Run r = mountIso(root);
    assertEquals(0, r.exit(), r.output());
    assertEquals(List.of("mount -o loop,ro " + iso + " " + mnt(root)), calls(root));
  }

  @Test
  void anOldIsoThatCannotBeUnmountedStopsTheStepNamingTheFix() throws Exception {
    Path root = host();
    Path iso = stagedIso(root);
    mounted(root, iso + " (deleted)", "1");
    write(root.resolve("stubs/umount"), STUB_RECORD + "exit 32\n");
    Tools.Run r = mountIso(root);
    assertNotEquals(0, r.exit(), r.output());
    assertEquals(List.of("umount " + mnt(root)), calls(root), "nothing is mounted over it");
    assertTrue(r.output().contains("cannot be unmounted"), r.output());
    assertTrue(r.output().contains("fuser -vm " + mnt(root)), r.output());
  }

  private Path host() throws IOException {
    Path root = dir.resolve("host");
    BootstrapRenderer.render(Labs.article(), RenderOptions.of("aws")).writeTo(root);
    for (String rec : List.of("mount", "umount")) {
      write(root.resolve("stubs").resolve(rec), STUB_RECORD);
    }
    return root;
  }

  private static Path stagedIso(Path root) throws IOException {
    Path iso = root.resolve("data/media/vcsa.iso");
    Files.createDirectories(iso.getParent());
    Files.writeString(iso, "an ISO");
    return iso;
  }

  /** Stubs saying $MNT is a loop mount of {@code backFile}, inode {@code inode}. */
  private static void mounted(Path root, String backFile, String inode) throws IOException {
    Path stubs = root.resolve("stubs");
    write(stubs.resolve("mountpoint"), "#!/bin/bash\nexit 0\n");
    write(stubs.resolve("findmnt"), "#!/bin/bash\necho /dev/loop7\n");
    write(
        stubs.resolve("losetup"),
        "#!/bin/bash\n"
            + "case \"$*\" in\n"
            + "  *BACK-FILE*) echo '"
            + backFile
            + "' ;;\n"
            + "  *BACK-INO*) echo '  "
            + inode
            + "' ;;\n"
            + "esac\n");
  }

  private static Path mnt(Path root) {
    return root.resolve("mnt/nestlab-vcsa");
  }

  private static Tools.Run mountIso(Path root) throws IOException, InterruptedException {
    return Tools.run(
        List.of("bash", root.resolve("opt/nestlab/bin/nestlab-vcenter.sh").toString(), "mount-iso"),
        Map.of(
            "PATH", root.resolve("stubs") + ":/usr/bin:/bin",
            "NESTLAB_HOME", root.resolve("opt/nestlab").toString(),
            "NESTLAB_STATE", root.resolve("var/lib/nestlab").toString(),
            "NESTLAB_CONSOLE", root.resolve("console").toString(),
            "NESTLAB_DATA", root.resolve("data").toString(),
            "NESTLAB_VCSA_MOUNT", mnt(root).toString(),
            "STUB_LOG", root.resolve("calls.log").toString()),
        root,
        60);
  }

  private static List<String> calls(Path root) throws IOException {
    Path log = root.resolve("calls.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
