package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.InstanceType;
import io.nestlab.plan.ResourceModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The planner and the L1 host agree on local NVMe (docs/design/0165): for a metal type's real disk
 * list, the bootstrap's own {@code prepare_storage} (run with bash, the block-device tools stubbed
 * on PATH and recording their calls) pools every instance-store disk into one LVM volume, and what
 * that volume holds is at least the planner's figure for the type ({@link
 * ResourceModel#localDataGib}), short of it by no more than the pool's reserve.
 */
class LocalStorageIT {
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;

  /** A stand-in for lsblk over $STUB_DISKS: one "NAME BYTES PARTITIONS FSTYPE" line a disk. */
  private static final String STUB_LSBLK =
      """
      #!/bin/bash
      echo "lsblk $*" >>"$STUB_LOG"
      case "$1" in
        -dbnpo) while read -r n b p f; do printf '%16s %s disk\\n' "$b" "$n"; done <"$STUB_DISKS" ;;
        -npo)
          while read -r n b p f; do
            [ "$n" = "$3" ] || continue
            if [ "$2" = NAME ]; then
              echo "$n"
              for i in $(seq 1 "$p"); do echo "${n}p$i"; done
            else
              [ "$f" = - ] && echo "" || echo "$f"
            fi
          done <"$STUB_DISKS" ;;
        *) exit 2 ;;
      esac
      """;

  private static final String STUB_RECORD =
      """
      #!/bin/bash
      echo "$(basename "$0") $*" >>"$STUB_LOG"
      """;

  @TempDir Path dir;

  /**
   * Instance storage of AWS metal types, from EC2's instance type specifications (decimal GB a
   * disk, as DescribeInstanceTypes gives them), checked against the embedded catalog's total.
   */
  @ParameterizedTest(name = "{0}: {1} x {2} GB")
  @CsvSource({
    "z1d.metal, 2, 900",
    "c5d.metal, 4, 900",
    "m5d.metal, 4, 900",
    "c6id.metal, 4, 1900",
    "i4i.metal, 8, 3750",
    "i3en.metal, 8, 7500"
  })
  void theHostPoolsEveryLocalDiskTheplanCounts(String type, int count, long gbEach)
      throws Exception {
    InstanceType t = type("aws", type);
    long bytesEach = gbEach * 1_000_000_000L;
    assertEquals(
        t.localStorageGib(),
        count * bytesEach / GIB,
        type + ": the catalog's instance storage is this disk list");
    List<String> nvme = new ArrayList<>();
    StringBuilder disks = new StringBuilder("/dev/nvme0n1 32212254720 1 -\n");
    for (int i = 1; i <= count; i++) {
      nvme.add("/dev/nvme" + i + "n1");
      disks.append("/dev/nvme").append(i).append("n1 ").append(bytesEach).append(" 0 -\n");
    }
    Path root = host("aws", 0, disks.toString());

    Tools.Run r = prepareStorage(root);

    assertEquals(0, r.exit(), r.output());
    String devices = String.join(" ", nvme);
    assertEquals(
        List.of(
            "pvcreate -q -y " + devices,
            "vgcreate -q nestlab " + devices,
            "lvcreate -q -y -n data -l 100%FREE -i " + count + " -I 256k nestlab",
            "mkfs.ext4 -q -F -L nestlab-data /dev/nestlab/data",
            "mount " + root.resolve("data")),
        storageCalls(root));
    assertTrue(
        r.output().contains("pooling " + count + " local disks (" + t.localStorageGib() + " GiB)"),
        r.output());
    assertTrue(
        Files.readString(root.resolve("fstab"))
            .contains("LABEL=nestlab-data " + root.resolve("data")),
        "mounted from fstab by its label on every boot");
    // What LVM assembles: each disk less its 1 MiB label and metadata area, in whole 4 MiB
    // extents, striped over all disks alike.
    long assembled = count * ((bytesEach - MIB) / (4 * MIB)) * (4 * MIB);
    int planned = ResourceModel.localDataGib(t);
    assertTrue(
        planned <= assembled / GIB,
        type + ": the planner counts " + planned + " GiB, the host assembles " + assembled / GIB);
    assertTrue(
        assembled / GIB - planned <= ResourceModel.LOCAL_POOL_RESERVE_GIB,
        type + ": the planner counts all of the disks, less only the pool's reserve");
  }

  @Test
  void aPlanWithADataDiskFormatsThatDiskAndLeavesLocalNvmeAlone() throws Exception {
    // A VM type with local NVMe (larger than the data disk) and the plan's 200 GiB data disk.
    Path root =
        host(
            "aws",
            200,
            "/dev/nvme0n1 32212254720 1 -\n"
                + "/dev/nvme1n1 "
                + 950_000_000_000L
                + " 0 -\n"
                + "/dev/nvme2n1 "
                + 200 * GIB
                + " 0 -\n");

    Tools.Run r = prepareStorage(root);

    assertEquals(0, r.exit(), r.output());
    assertEquals(
        List.of("mkfs.ext4 -q -F -L nestlab-data /dev/nvme2n1", "mount " + root.resolve("data")),
        storageCalls(root));
  }

  @Test
  void oneLocalDiskIsFormattedAsItIsWithoutAPool() throws Exception {
    Path root = host("gcp", 0, "/dev/sda 10737418240 1 -\n/dev/nvme0n1 " + 375 * GIB + " 0 -\n");

    Tools.Run r = prepareStorage(root);

    assertEquals(0, r.exit(), r.output());
    assertEquals(
        List.of("mkfs.ext4 -q -F -L nestlab-data /dev/nvme0n1", "mount " + root.resolve("data")),
        storageCalls(root));
  }

  @Test
  void aFailedPoolFailsTheStoragePhaseBeforeAnythingIsFormatted() throws Exception {
    Path root =
        host(
            "aws",
            0,
            "/dev/nvme0n1 32212254720 1 -\n/dev/nvme1n1 900000000000 0 -\n"
                + "/dev/nvme2n1 900000000000 0 -\n");
    write(root.resolve("stubs/vgcreate"), STUB_RECORD + "exit 5\n");

    Tools.Run r = prepareStorage(root);

    assertEquals(1, r.exit(), r.output());
    List<String> calls = storageCalls(root);
    assertFalse(calls.stream().anyMatch(c -> c.startsWith("mkfs")), calls.toString());
    assertFalse(calls.stream().anyMatch(c -> c.startsWith("lvcreate")), calls.toString());
  }

  // ---------------------------------------------------------------- sandbox

  private static InstanceType type(String provider, String name) {
    return Catalog.embedded().provider(provider).orElseThrow().instanceTypes().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not in the embedded catalog"));
  }

  /** A host rendered for a plan with a data disk of {@code dataDiskGib} (0: local NVMe). */
  private Path host(String provider, int dataDiskGib, String disks) throws IOException {
    Path root = dir.resolve("host");
    BootstrapRenderer.render(
            Labs.singleHost(), RenderOptions.of(provider).withDataDisk(dataDiskGib))
        .writeTo(root);
    Path stubs = root.resolve("stubs");
    write(stubs.resolve("lsblk"), STUB_LSBLK);
    // Nothing is mounted or labelled yet; no volume group from an earlier boot.
    write(stubs.resolve("mountpoint"), STUB_RECORD + "exit 1\n");
    write(stubs.resolve("blkid"), STUB_RECORD + "exit 2\n");
    write(stubs.resolve("vgchange"), STUB_RECORD + "exit 5\n");
    for (String rec : List.of("pvcreate", "vgcreate", "lvcreate", "mkfs.ext4", "mount")) {
      write(stubs.resolve(rec), STUB_RECORD);
    }
    Files.writeString(root.resolve("disks"), disks);
    Files.writeString(root.resolve("fstab"), "");
    return root;
  }

  private static Tools.Run prepareStorage(Path root) throws IOException, InterruptedException {
    return Tools.run(
        List.of(
            "bash",
            "-c",
            ". \"$NESTLAB_HOME/bin/nestlab-bootstrap.sh\" && prepare_storage",
            "prepare-storage"),
        Map.of(
            "PATH", root.resolve("stubs") + ":/usr/bin:/bin",
            "NESTLAB_HOME", root.resolve("opt/nestlab").toString(),
            "NESTLAB_STATE", root.resolve("var/lib/nestlab").toString(),
            "NESTLAB_CONSOLE", root.resolve("console").toString(),
            "NESTLAB_DATA", root.resolve("data").toString(),
            "NESTLAB_FSTAB", root.resolve("fstab").toString(),
            "STUB_LOG", root.resolve("calls.log").toString(),
            "STUB_DISKS", root.resolve("disks").toString()),
        root,
        60);
  }

  /** The calls that change a disk or mount one (lsblk, blkid and the like only read). */
  private static List<String> storageCalls(Path root) throws IOException {
    Path log = root.resolve("calls.log");
    if (!Files.exists(log)) {
      return Collections.emptyList();
    }
    return Files.readAllLines(log).stream()
        .filter(l -> l.matches("(pvcreate|vgcreate|lvcreate|mkfs\\.ext4|mount) .*"))
        .toList();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
