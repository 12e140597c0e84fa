package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestlab.InvalidSpecException;
import io.nestlab.ProviderException;
import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import io.nestlab.testing.Peer;
import io.nestlab.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * Blueprints on EC2 against a real moto_server: save a lab host's data disk (encrypted, tagged,
 * private, once per key), launch a second lab whose data disk comes from it, copy it to another
 * region, and delete everything; boto3 (which comes with moto), asked as a user would, finds
 * nothing left.
 */
class AwsBlueprintIT {
  static final Instant CREATED = Instant.parse("2026-11-24T01:00:00Z");

  static AwsLabProvider provider(MotoServer moto, String region) {
    return provider(moto, region, new ActionRecorder());
  }

  static AwsLabProvider provider(MotoServer moto, String region, ActionRecorder recorder) {
    return AwsLabProviderFactory.create(
        AwsSettings.parse(
            ProviderSettings.of(
                Map.of("endpoint", moto.uri().toString(), "region", region, "waitTimeout", "30s"))),
        List.of(recorder),
        Duration.ofMillis(10),
        Duration.ofMillis(50));
  }

  static Map<String, String> blueprintTags(String name, String sourceLab) {
    return new BlueprintTags(
            name,
            "ada@example.org",
            CREATED,
            CREATED.plus(Duration.ofDays(30)),
            "0.1.0",
            "0123456789abcdef",
            sourceLab,
            "save-" + name)
        .toMap();
  }

  @Test
  void saveRestoreAndDeleteLeaveNothingBehind() throws Exception {
    Peers.require(Peer.MOTO_SERVER, Peer.BOTO3);
    try (MotoServer moto = MotoServer.start();
        Ec2Client raw = moto.ec2Client();
        AwsLabProvider p = provider(moto, "us-east-1")) {
      String source = "it-bp-src";
      String restored = "it-bp-copy";
      HostRef host = launch(p, source, "launch-src", null);
      Volume data = dataVolume(raw, host.id());

      Map<String, String> tags = blueprintTags("base", source);
      DiskSnapshot snap = p.snapshotDataDisk(host, "nestlab-bp-base", tags, "save-1");
      assertEquals(
          snap.id(),
          p.snapshotDataDisk(host, "nestlab-bp-base", tags, "save-1").id(),
          "the same key starts no second snapshot");
      var made = raw.describeSnapshots(b -> b.snapshotIds(snap.id())).snapshots().get(0);
      assertEquals(data.volumeId(), made.volumeId(), "the data disk, not the boot disk");
      assertTrue(made.encrypted(), "the snapshot is encrypted");
      assertEquals("bp-base", MotoLabChecks.tag(made.tags(), "nestlab-lab"));
      assertEquals("base", MotoLabChecks.tag(made.tags(), BlueprintTags.BLUEPRINT));
      assertEquals("NestLab blueprint nestlab-bp-base", made.description());

      DiskSnapshot described = p.describeSnapshot("us-east-1", snap.id());
      assertEquals(DiskSnapshot.State.READY, described.state());
      assertEquals(100, described.sizeGib());
      assertEquals("us-east-1", described.region());
      ProviderException gone =
          assertThrows(
              ProviderException.class,
              () -> p.describeSnapshot("us-east-1", "snap-0123456789abcdef0"));
      assertEquals("NotFound", gone.code());

      JsonNode seen = boto3(moto, "us-east-1", "bp-base");
      assertEquals(List.of(snap.id()), strings(seen.get("left")));
      assertEquals(List.of(), strings(seen.get("shared")), "the snapshot is shared with no one");

      List<OwnedResource> owned = p.listOwned(BlueprintTags.filter("base"));
      assertEquals(1, owned.size(), owned.toString());
      assertEquals(ResourceKind.SNAPSHOT, owned.get(0).kind());
      assertEquals(snap.id(), owned.get(0).id());

      // A new lab whose data disk comes from the blueprint, asked for smaller than the snapshot.
      HostRef second = launch(p, restored, "launch-copy", snap.id());
      Volume disk = dataVolume(raw, second.id());
      assertEquals(snap.id(), disk.snapshotId(), "the data disk is made from the snapshot");
      assertEquals(100, disk.size(), "at least the snapshot's size");
      assertTrue(disk.encrypted(), "the restored disk is encrypted");

      // down of both labs, then the blueprint's delete.
      for (String lab : List.of(source, restored)) {
        for (OwnedResource r : p.listOwned(TagFilter.lab(lab))) {
          p.delete(r);
        }
      }
      assertEquals(
          List.of(snap.id()),
          strings(boto3(moto, "us-east-1", "bp-base").get("left")),
          "the blueprint outlives the lab it was saved from");
      for (OwnedResource r : p.listOwned(BlueprintTags.filter("base"))) {
        p.delete(r);
        p.delete(r); // deleting what is gone succeeds
      }
      assertEquals(
          List.of(),
          strings(boto3(moto, "us-east-1", source, restored, "bp-base").get("left")),
          "nothing of either lab or the blueprint is left");
    }
  }

  @Test
  void aBlueprintIsCopiedToAnotherRegionEncryptedAndOnce() throws Exception {
    Peers.require(Peer.MOTO_SERVER, Peer.BOTO3);
    // moto's own images only: its image fixture works in one region (see MotoServer).
    ActionRecorder recorder = new ActionRecorder();
    try (MotoServer moto = MotoServer.start(false);
        Ec2Client raw = moto.ec2Client();
        AwsLabProvider east = provider(moto, "us-east-1", recorder);
        AwsLabProvider west = provider(moto, "eu-west-1");
        Ec2Client westRaw =
            Ec2Client.builder()
                .region(Region.EU_WEST_1)
                .endpointOverride(moto.uri())
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("testing", "testing")))
                .build()) {
      String volume =
          raw.createVolume(b -> b.availabilityZone("us-east-1a").size(60).encrypted(true))
              .volumeId();
      Map<String, String> tags = blueprintTags("far", "it-bp-far");
      String source =
          raw.createSnapshot(
                  b ->
                      b.volumeId(volume)
                          .tagSpecifications(
                              io.nestlab.aws.internal.Ec2Tags.spec(
                                  software.amazon.awssdk.services.ec2.model.ResourceType.SNAPSHOT,
                                  tags,
                                  null)))
              .snapshotId();
      raw.deleteVolume(b -> b.volumeId(volume));
      DiskSnapshot original = east.describeSnapshot("us-east-1", source);

      InvalidSpecException same =
          assertThrows(
              InvalidSpecException.class,
              () -> east.copySnapshot(original, "us-east-1", tags, "copy-0"));
      assertTrue(same.getMessage().contains("already lives in us-east-1"), same.getMessage());

      DiskSnapshot copy = east.copySnapshot(original, "eu-west-1", tags, "copy-1");
      assertEquals("eu-west-1", copy.region());
      assertEquals(
          copy.id(),
          east.copySnapshot(original, "eu-west-1", tags, "copy-1").id(),
          "the same key copies once");
      var made = westRaw.describeSnapshots(b -> b.snapshotIds(copy.id())).snapshots().get(0);
      assertTrue(made.encrypted(), "the copy is encrypted");
      assertEquals("bp-far", MotoLabChecks.tag(made.tags(), "nestlab-lab"));
      assertEquals(copy.id(), east.describeSnapshot("eu-west-1", copy.id()).id());
      JsonNode seen = boto3(moto, "us-east-1,eu-west-1", "bp-far");
      assertEquals(2, seen.get("left").size(), seen.toString());
      assertEquals(List.of(), strings(seen.get("shared")));

      // One provider per region deletes what is in its region.
      for (LabProvider p : List.of(east, west)) {
        for (OwnedResource r : p.listOwned(BlueprintTags.filter("far"))) {
          p.delete(r);
        }
      }
      assertEquals(List.of(), strings(boto3(moto, "us-east-1,eu-west-1", "bp-far").get("left")));
    }
    Set<String> missing = new TreeSet<>(recorder.actions());
    missing.removeAll(IamPolicyDoc.actions());
    assertEquals(Set.of(), missing, "called but not in the policy of " + IamPolicyDoc.path());
    assertTrue(recorder.actions().contains("ec2:CopySnapshot"), recorder.actions().toString());
  }

  private static HostRef launch(AwsLabProvider p, String lab, String key, String snapshot) {
    var tags = AwsLifecycleIT.host(lab, null, "k").tags();
    NetworkRef net =
        p.ensureNetwork(new NetworkRequest(lab, "us-east-1", List.of(), tags, "net-" + lab));
    var request = AwsLifecycleIT.host(lab, net, key);
    if (snapshot != null) {
      request = request.withDataDiskSnapshot(snapshot);
    }
    // The request asks for 100 GiB; a restored lab asks for less to show the snapshot's size wins.
    if (snapshot != null) {
      request =
          new io.nestlab.spi.HostRequest(
                  request.labId(),
                  request.region(),
                  request.zone(),
                  request.instanceType(),
                  request.market(),
                  request.nestedVirtualization(),
                  request.bootDiskGib(),
                  50,
                  request.userData(),
                  request.sshPublicKey(),
                  request.tags(),
                  request.network(),
                  request.maxRunDuration(),
                  request.idempotencyKey())
              .withDataDiskSnapshot(snapshot);
    }
    return p.launchHost(request);
  }

  private static Volume dataVolume(Ec2Client raw, String instanceId) {
    return raw
        .describeVolumes(b -> b.filters(f -> f.name("attachment.instance-id").values(instanceId)))
        .volumes()
        .stream()
        .filter(v -> v.attachments().get(0).device().equals("/dev/sdf"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(instanceId + " has no data disk at /dev/sdf"));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Runs blueprint_leftovers.py (boto3) against moto and returns its JSON answer. */
  static JsonNode boto3(MotoServer moto, String regions, String... labs)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile("blueprint_leftovers", ".py");
    try (var in = AwsBlueprintIT.class.getResourceAsStream("blueprint_leftovers.py")) {
      Files.write(script, in.readAllBytes());
    }
    try {
      List<String> command = new ArrayList<>(List.of("python3", script.toString()));
      command.add(moto.uri().toString());
      command.add(regions);
      command.addAll(List.of(labs));
      Process proc = new ProcessBuilder(command).redirectErrorStream(false).start();
      byte[] out = proc.getInputStream().readAllBytes();
      String err = new String(proc.getErrorStream().readAllBytes());
      if (!proc.waitFor(60, TimeUnit.SECONDS) || proc.exitValue() != 0) {
        throw new AssertionError("blueprint_leftovers.py failed: " + err);
      }
      return new ObjectMapper().readTree(out);
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
