package io.nestlab.spi.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLab;
import io.nestlab.ProviderException;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The provider contract plus blueprints (docs/design/0130): a data disk snapshot carries its tags,
 * is listed as the blueprint's, becomes READY, is not made twice for one key, restores into a new
 * host's data disk, and is gone after delete. A provider's contract test extends this class once
 * its provider implements {@code snapshotDataDisk}.
 */
public abstract class BlueprintProviderContract extends LabProviderContract {
  /** Data disk of the hosts these tests launch, GiB. */
  protected int dataDiskGib() {
    return 20;
  }

  private HostRequest withDataDisk(HostRequest r, int gib, String snapshot) {
    return new HostRequest(
            r.labId(),
            r.region(),
            r.zone(),
            r.instanceType(),
            r.market(),
            r.nestedVirtualization(),
            r.bootDiskGib(),
            gib,
            r.userData(),
            r.sshPublicKey(),
            r.tags(),
            r.network(),
            r.maxRunDuration(),
            r.idempotencyKey())
        .withDataDiskSnapshot(snapshot);
  }

  private Map<String, String> blueprintTags(String name, String key) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new BlueprintTags(
            name,
            "contract-suite",
            now,
            now.plus(Duration.ofHours(1)),
            NestLab.version(),
            "0123456789abcdef",
            "ct-source",
            key)
        .toMap();
  }

  private DiskSnapshot awaitReady(String id) {
    Instant deadline = Instant.now().plus(stateTimeout());
    for (int polls = 0; ; polls++) {
      DiskSnapshot s = retrying(() -> provider.describeSnapshot(region(), id));
      if (s.state() == DiskSnapshot.State.READY) {
        return s;
      }
      assertTrue(s.state() != DiskSnapshot.State.FAILED, id + " failed");
      if (Instant.now().isAfter(deadline) || polls > 10_000) {
        throw new AssertionError(id + " stayed " + s.state());
      }
      pause(Duration.ofMillis(250));
    }
  }

  @Test
  void aDataDiskSnapshotIsTaggedListedReadyRestorableAndDeleted() {
    String lab = newLab();
    String name = "ct-" + UUID.randomUUID().toString().substring(0, 8);
    NetworkRef net = network(lab);
    HostRef host =
        retrying(
            () ->
                provider.launchHost(
                    withDataDisk(hostRequest(lab, net, lab + "-host"), dataDiskGib(), null)));
    awaitState(host, HostState.RUNNING);
    String key = UUID.randomUUID().toString();
    try {
      DiskSnapshot s =
          retrying(() -> provider.snapshotDataDisk(host, name, blueprintTags(name, key), key));
      assertNotNull(s.id());
      DiskSnapshot again =
          retrying(() -> provider.snapshotDataDisk(host, name, blueprintTags(name, key), key));
      assertEquals(s.id(), again.id(), "one key, one snapshot");
      assertTrue(s.sizeGib() >= dataDiskGib(), "the data disk's size: " + s.sizeGib());

      List<OwnedResource> listed = provider.listOwned(BlueprintTags.filter(name));
      assertEquals(List.of(s.id()), listed.stream().map(OwnedResource::id).toList());
      OwnedResource r = listed.get(0);
      assertEquals(ResourceKind.SNAPSHOT, r.kind());
      assertEquals(BlueprintTags.labTagOf(name), r.tags().get(LabTags.LAB));
      assertEquals(name, r.tags().get(BlueprintTags.BLUEPRINT));
      assertTrue(
          provider.listOwned(TagFilter.lab(lab)).stream().noneMatch(o -> o.id().equals(s.id())),
          "the snapshot is not the lab's");

      DiskSnapshot ready = awaitReady(s.id());
      String restored = newLab();
      NetworkRef net2 = network(restored);
      HostRef copy =
          retrying(
              () ->
                  provider.launchHost(
                      withDataDisk(
                          hostRequest(restored, net2, restored + "-host"),
                          ready.sizeGib(),
                          ready.id())));
      HostInfo info = awaitState(copy, HostState.RUNNING);
      assertEquals(restored, info.tags().get(LabTags.LAB), "the new host is its own lab's");
    } finally {
      deleteAll(BlueprintTags.filter(name));
    }
    assertEquals(List.of(), provider.listOwned(BlueprintTags.filter(name)));
  }

  @Test
  void anUnknownSnapshotIsNotFound() {
    ProviderException e =
        assertThrows(
            ProviderException.class,
            () -> provider.describeSnapshot(region(), unknownSnapshotId()));
    assertEquals("NotFound", e.code());
  }

  /** An id of the provider's form that names no snapshot. */
  protected abstract String unknownSnapshotId();
}
