package io.nestlab.aws.internal;

import static io.nestlab.aws.internal.Ec2Tags.filter;

import io.nestlab.ProviderException;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostRef;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * EBS snapshots of an L1 host's data disk, what a blueprint is made of (docs/design/0135): made
 * with {@code CreateSnapshot} of the volume attached as {@link #DATA_DEVICE}, tagged at creation,
 * encrypted (the volume is, and the snapshot is checked), never shared (no {@code
 * CreateVolumePermission} is ever given), and found again by a hash of the idempotency key in the
 * tag {@link #KEY_TAG}, since {@code CreateSnapshot} has no client token.
 */
public final class Ec2Snapshots {
  /** The device name of the L1 host's data disk (see {@link Ec2InstanceBody}). */
  public static final String DATA_DEVICE = "/dev/sdf";

  /** Tag holding a hash of a snapshot's idempotency key, to find it again. */
  public static final String KEY_TAG = "nestlab-snapshot-key";

  private final Ec2Client ec2;
  private final String region;

  public Ec2Snapshots(Ec2Client ec2, String region) {
    this.ec2 = ec2;
    this.region = region;
  }

  /**
   * The {@code PresignedUrl} of a {@code CopySnapshot} sent to a custom endpoint (moto,
   * LocalStack): the SDK makes it itself only for AWS's own endpoints, whose host names say the
   * region. Signed for the source region, valid for an hour.
   */
  public static String presignedCopyUrl(
      URI endpoint,
      AwsCredentialsProvider credentials,
      String sourceRegion,
      String sourceSnapshotId,
      String destinationRegion) {
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(endpoint)
            .putRawQueryParameter("Action", "CopySnapshot")
            .putRawQueryParameter("Version", "2016-11-15")
            .putRawQueryParameter("SourceRegion", sourceRegion)
            .putRawQueryParameter("SourceSnapshotId", sourceSnapshotId)
            .putRawQueryParameter("DestinationRegion", destinationRegion)
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials.resolveCredentials())
                        .request(request)
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "ec2")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, sourceRegion)
                        .putProperty(
                            AwsV4FamilyHttpSigner.AUTH_LOCATION,
                            AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(
                            AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofHours(1)));
    return signed.request().getUri().toString();
  }

  /**
   * Starts a snapshot of {@code host}'s data disk, or returns the one an earlier call with the same
   * key started.
   */
  public DiskSnapshot snapshotDataDisk(
      HostRef host, String name, Map<String, String> tags, String idempotencyKey) {
    String keyTag = keyHash(idempotencyKey);
    Snapshot existing = findByKey(keyTag);
    if (existing != null) {
      return toSnapshot(existing);
    }
    Volume volume = dataVolume(host);
    if (!Boolean.TRUE.equals(volume.encrypted())) {
      throw new ProviderException(
          AwsErrors.PROVIDER,
          "Unencrypted",
          null,
          false,
          false,
          "the data disk "
              + volume.volumeId()
              + " of "
              + host.id()
              + " is not encrypted, and a blueprint must be; relaunch the lab with NestLab"
              + " (which encrypts every disk) and save it again",
          null);
    }
    Map<String, String> all = new LinkedHashMap<>(tags);
    all.put(KEY_TAG, keyTag);
    String made =
        AwsErrors.call(
            "snapshotting " + volume.volumeId() + " of " + host.id(),
            () ->
                ec2.createSnapshot(
                        b ->
                            b.volumeId(volume.volumeId())
                                .description(description(name))
                                .tagSpecifications(Ec2Tags.spec(ResourceType.SNAPSHOT, all, name)))
                    .snapshotId());
    DiskSnapshot snapshot = describe(made);
    requireEncrypted(snapshot, find(made));
    return snapshot;
  }

  /** The snapshot as EC2 sees it now. */
  public DiskSnapshot describe(String snapshotId) {
    return toSnapshot(find(snapshotId));
  }

  /**
   * Copies {@code source} (in another region) into this client's region, encrypted and tagged; the
   * same key copies once.
   */
  public DiskSnapshot copyFrom(
      DiskSnapshot source,
      String name,
      Map<String, String> tags,
      String idempotencyKey,
      String presignedUrl) {
    String keyTag = keyHash(idempotencyKey);
    Snapshot existing = findByKey(keyTag);
    if (existing != null) {
      return toSnapshot(existing);
    }
    Map<String, String> all = new LinkedHashMap<>(tags);
    all.put(KEY_TAG, keyTag);
    String id =
        AwsErrors.call(
            "copying " + source.id() + " from " + source.region() + " to " + region,
            () ->
                ec2.copySnapshot(
                        b ->
                            b.sourceSnapshotId(source.id())
                                .sourceRegion(source.region())
                                .presignedUrl(presignedUrl)
                                .encrypted(true)
                                .description(description(name))
                                .tagSpecifications(Ec2Tags.spec(ResourceType.SNAPSHOT, all, name)))
                    .snapshotId());
    DiskSnapshot copy = describe(id);
    requireEncrypted(copy, find(id));
    return copy;
  }

  /** No secret and nothing user-given but the blueprint's name goes into the description. */
  private static String description(String name) {
    return "NestLab blueprint " + name;
  }

  private void requireEncrypted(DiskSnapshot snapshot, Snapshot raw) {
    if (!Boolean.TRUE.equals(raw.encrypted())) {
      AwsErrors.run(
          "deleting the unencrypted snapshot " + snapshot.id(),
          () -> ec2.deleteSnapshot(b -> b.snapshotId(snapshot.id())));
      throw new ProviderException(
          AwsErrors.PROVIDER,
          "Unencrypted",
          null,
          false,
          false,
          "EC2 made snapshot " + snapshot.id() + " unencrypted; it was deleted. Save again",
          null);
    }
  }

  /** The volume attached to {@code host} as {@link #DATA_DEVICE}. */
  Volume dataVolume(HostRef host) {
    List<Volume> volumes =
        AwsErrors.call(
            "finding the data disk of " + host.id(),
            () ->
                ec2.describeVolumes(
                        b ->
                            b.filters(
                                filter("attachment.instance-id", host.id()),
                                filter("attachment.device", DATA_DEVICE)))
                    .volumes());
    // Filters are applied again here: a test cloud may ignore one it does not know.
    return volumes.stream()
        .filter(
            v ->
                v.attachments().stream()
                    .anyMatch(
                        a -> host.id().equals(a.instanceId()) && DATA_DEVICE.equals(a.device())))
        .findFirst()
        .orElseThrow(
            () ->
                new ProviderException(
                    AwsErrors.PROVIDER,
                    "NotFound",
                    null,
                    false,
                    false,
                    host.id()
                        + " has no data disk at "
                        + DATA_DEVICE
                        + "; only a lab host NestLab launched can be saved",
                    null));
  }

  private Snapshot findByKey(String keyTag) {
    return AwsErrors.call(
        "looking for a snapshot already started",
        () ->
            ec2
                .describeSnapshotsPaginator(
                    b -> b.ownerIds("self").filters(filter("tag:" + KEY_TAG, keyTag)))
                .snapshots()
                .stream()
                .filter(s -> keyTag.equals(Ec2Tags.map(s.tags()).get(KEY_TAG)))
                .findFirst()
                .orElse(null));
  }

  private Snapshot find(String snapshotId) {
    try {
      return ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().stream()
          .findFirst()
          .orElseThrow(() -> notFound(snapshotId, null));
    } catch (AwsServiceException e) {
      String code = AwsErrors.code(e);
      if ("InvalidSnapshot.NotFound".equals(code) || "InvalidSnapshotID.Malformed".equals(code)) {
        throw notFound(snapshotId, e);
      }
      throw AwsErrors.translate("describing snapshot " + snapshotId, e);
    }
  }

  private ProviderException notFound(String snapshotId, Throwable cause) {
    return new ProviderException(
        AwsErrors.PROVIDER,
        "NotFound",
        null,
        false,
        false,
        "snapshot " + snapshotId + " does not exist in " + region,
        cause);
  }

  private DiskSnapshot toSnapshot(Snapshot s) {
    long stored =
        s.fullSnapshotSizeInBytes() == null
            ? 0
            : (s.fullSnapshotSizeInBytes() + (1L << 30) - 1) >> 30;
    return new DiskSnapshot(
        AwsErrors.PROVIDER,
        region,
        s.snapshotId(),
        state(s.stateAsString()),
        s.volumeSize() == null ? 0 : s.volumeSize(),
        stored,
        s.startTime(),
        Ec2Tags.map(s.tags()));
  }

  /** EBS's snapshot state as a {@link DiskSnapshot.State}. */
  public static DiskSnapshot.State state(String ebsState) {
    return switch (ebsState == null ? "pending" : ebsState) {
      case "completed" -> DiskSnapshot.State.READY;
      case "error" -> DiskSnapshot.State.FAILED;
      default -> DiskSnapshot.State.PENDING;
    };
  }

  /** The first 32 hex digits of the SHA-256 of {@code key}. */
  static String keyHash(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
