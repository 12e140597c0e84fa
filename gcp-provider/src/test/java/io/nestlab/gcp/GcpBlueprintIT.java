package io.nestlab.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.InvalidSpecException;
import io.nestlab.ProviderException;
import io.nestlab.catalog.Market;
import io.nestlab.gcp.testserver.ComputeTestServer;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blueprints on Compute Engine against the in-repo test server, which checks snapshot, disk and
 * instance bodies field by field against schemas generated from gcloud's Compute v1 message classes
 * (compute-v1-messages): save a host's data disk, launch a lab whose data disk comes from it, copy
 * it to another region, delete everything.
 */
class GcpBlueprintIT {
  private ComputeTestServer server;
  private LabProvider provider;

  @BeforeEach
  void start() {
    server = ComputeTestServer.start();
    Map<String, String> s = new LinkedHashMap<>();
    s.put("endpoint", server.endpoint());
    s.put("project", "p1");
    s.put("region", "us-central1");
    s.put("poll-interval", "20ms");
    s.put("operation-timeout", "20s");
    s.put("call-timeout", "10s");
    provider = LabProviders.factory("gcp").create(ProviderSettings.of(s));
  }

  @AfterEach
  void stop() throws IOException {
    try {
      assertEquals(List.of(), server.violations(), "request bodies that broke the v1 schemas");
      String doc =
          Files.readString(
              Path.of(System.getProperty("nestlab.repo.dir", ".."), "docs/providers/gcp.md"));
      List<String> missing = new ArrayList<>();
      for (String p : server.permissionsUsed()) {
        if (!doc.contains("`" + p + "`")) {
          missing.add(p);
        }
      }
      assertEquals(List.of(), missing, "permissions used but docs/providers/gcp.md lacks");
    } finally {
      provider.close();
      server.close();
    }
  }

  static Map<String, String> blueprintTags(String name) {
    Instant now = Instant.parse("2026-11-24T02:00:00Z");
    return new BlueprintTags(
            name, "Al Ice", now, now.plus(Duration.ofDays(30)), "0.1.0", "0123abcd", "src", "k1")
        .toMap();
  }

  private HostRef launch(String lab, String snapshot, int dataGib) {
    NetworkRef net =
        provider.ensureNetwork(
            new NetworkRequest(
                lab, "us-central1", List.of(), GcpLabProviderIT.tags(lab), lab + "-net"));
    HostRequest r = GcpLabProviderIT.host(lab, "n2-standard-16", Market.ON_DEMAND, true, net);
    r =
        new HostRequest(
                r.labId(),
                r.region(),
                r.zone(),
                r.instanceType(),
                r.market(),
                r.nestedVirtualization(),
                r.bootDiskGib(),
                dataGib,
                r.userData(),
                r.sshPublicKey(),
                r.tags(),
                r.network(),
                r.maxRunDuration(),
                r.idempotencyKey())
            .withDataDiskSnapshot(snapshot);
    return provider.launchHost(r);
  }

  @Test
  void saveRestoreAndDeleteLeaveNothingAndEveryBodyFitsTheMessageClasses() {
    HostRef host = launch("src", null, 200);
    Map<String, String> tags = blueprintTags("base");
    DiskSnapshot snap = provider.snapshotDataDisk(host, "nestlab-bp-base", tags, "save-1");
    assertEquals(
        snap.id(),
        provider.snapshotDataDisk(host, "nestlab-bp-base", tags, "save-1").id(),
        "the same key makes no second snapshot");
    assertEquals(1, server.snapshots().size());
    ObjectNode made = server.snapshots().get(0);
    assertTrue(
        made.path("sourceDisk").asText().endsWith("/disks/" + host.id() + "-data"),
        made.toString());
    assertEquals(
        "[\"us-central1\"]", made.path("storageLocations").toString(), "stored in the region");
    assertEquals("bp-base", made.path("labels").path("nestlab-lab").asText());
    assertEquals("NestLab blueprint base", made.path("description").asText());
    assertTrue(snap.id().startsWith("global/snapshots/"), snap.id());
    assertEquals(
        DiskSnapshot.State.READY, provider.describeSnapshot("us-central1", snap.id()).state());
    assertEquals(200, snap.sizeGib());
    assertEquals("us-central1", snap.region());
    ProviderException gone =
        assertThrows(
            ProviderException.class,
            () -> provider.describeSnapshot("us-central1", "global/snapshots/nothing-here"));
    assertEquals("NotFound", gone.code());

    // A lab whose data disk comes from the snapshot, asked smaller: it gets the snapshot's size.
    HostRef restored = launch("copy", snap.id(), 100);
    JsonNode disk =
        server.disks().stream()
            .filter(d -> d.path("name").asText().equals(restored.id() + "-data"))
            .findFirst()
            .orElseThrow();
    assertTrue(disk.path("sourceSnapshot").asText().endsWith(snap.id()), disk.toString());
    assertEquals("200", disk.path("sizeGb").asText());

    List<OwnedResource> owned = provider.listOwned(BlueprintTags.filter("base"));
    assertEquals(1, owned.size(), owned.toString());
    assertEquals(ResourceKind.SNAPSHOT, owned.get(0).kind());
    assertEquals(snap.id(), owned.get(0).id());
    assertEquals(snap.asOwned().id(), owned.get(0).id(), "asOwned is what delete takes");

    for (String lab : List.of("src", "copy")) {
      for (OwnedResource r : provider.listOwned(TagFilter.lab(lab))) {
        provider.delete(r);
      }
    }
    assertEquals(1, server.snapshots().size(), "the blueprint outlives its source lab");
    provider.delete(snap.asOwned());
    provider.delete(snap.asOwned()); // what is gone counts as deleted
    assertEquals(List.of(), provider.listOwned(TagFilter.anyLab()));
    assertEquals(List.of(), server.labelledResources(), "labelled resources left");
  }

  @Test
  void aCopyIsStoredInTheTargetRegionThroughADiskThatIsDeletedAfter() {
    HostRef host = launch("far", null, 50);
    Map<String, String> tags = blueprintTags("far");
    DiskSnapshot snap = provider.snapshotDataDisk(host, "nestlab-bp-far", tags, "save-far");
    InvalidSpecException same =
        assertThrows(
            InvalidSpecException.class,
            () -> provider.copySnapshot(snap, "us-central1", tags, "copy-0"));
    assertTrue(same.getMessage().contains("already stored in us-central1"), same.getMessage());

    DiskSnapshot copy = provider.copySnapshot(snap, "europe-west1", tags, "copy-1");
    assertEquals("europe-west1", copy.region());
    assertEquals(50, copy.sizeGib());
    assertEquals(copy.id(), provider.copySnapshot(snap, "europe-west1", tags, "copy-1").id());
    ObjectNode stored =
        server.snapshots().stream()
            .filter(s -> copy.id().endsWith(s.path("name").asText()))
            .findFirst()
            .orElseThrow();
    assertEquals("[\"europe-west1\"]", stored.path("storageLocations").toString());
    assertTrue(
        server.disks().stream().noneMatch(d -> d.path("zone").asText().contains("europe-west1")),
        "the disk the copy went through is gone: " + server.disks());
    assertTrue(
        server.requestLog().stream()
            .anyMatch(
                l ->
                    l.startsWith("POST")
                        && l.contains("/zones/europe-west1-")
                        && l.endsWith("/disks")),
        server.requestLog().toString());

    for (OwnedResource r : provider.listOwned(TagFilter.lab("far"))) {
      provider.delete(r);
    }
    provider.delete(snap.asOwned());
    provider.delete(copy.asOwned());
    assertEquals(List.of(), server.labelledResources());
  }
}
