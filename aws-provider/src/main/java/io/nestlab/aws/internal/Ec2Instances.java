package io.nestlab.aws.internal;

import static io.nestlab.aws.internal.Ec2Tags.filter;

import io.nestlab.CapacityException;
import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.ImageRef;
import io.nestlab.spi.LabTags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * The L1 instance on EC2: launch (IMDSv2 only with instance tags in the metadata, encrypted gp3
 * disks, terminate on shutdown; found again by a hash of the idempotency key), find, life (stop,
 * start, terminate, each waited for), console output, and AMIs of a host.
 */
public final class Ec2Instances {
  /** EC2 accepts at most 16 KB of user data, before base64 encoding. */
  public static final int MAX_USER_DATA_BYTES = 16 * 1024;

  /** Tag holding a hash of the launch's idempotency key, to find a launched host again. */
  public static final String LAUNCH_TAG = "nestlab-launch";

  private final Ec2Client ec2;
  private final String region;
  private final ImageResolver images;
  private final Waits waits;
  private final boolean zoneFallback;

  /**
   * @param images where the AMI comes from (launch only)
   * @param zoneFallback whether a launch refused for capacity tries the region's other zones
   */
  public Ec2Instances(
      Ec2Client ec2, String region, ImageResolver images, Waits waits, boolean zoneFallback) {
    this.ec2 = ec2;
    this.region = region;
    this.images = images;
    this.waits = waits;
    this.zoneFallback = zoneFallback;
  }

  // ---------------------------------------------------------------- launch

  /**
   * Launches the host, or finds the one an earlier call with the same idempotency key launched;
   * tries the zones offering the type in turn while {@code zoneFallback} allows.
   */
  public HostRef launch(HostRequest request) {
    int bytes = request.userDataSize();
    if (bytes > MAX_USER_DATA_BYTES) {
      throw new InvalidSpecException(
          "aws launch", List.of(Problem.of("userData", userDataTooLarge(bytes))));
    }
    if (request.network() == null) {
      throw new IllegalArgumentException("launchHost needs the network from ensureNetwork");
    }
    String launchTag = hash(request.idempotencyKey()).substring(0, 32);
    Instance existing = findLaunched(request.labId(), launchTag);
    if (existing != null) {
      return ref(existing);
    }
    int dataDiskGib = dataDiskGib(request);
    String ami = images.imageId();
    String keyName = ensureKeyPair(request);
    List<String> zones = new Ec2LaunchZones(ec2, zoneFallback).zones(request);
    Ec2Network network = new Ec2Network(ec2, region);
    List<String> refused = new ArrayList<>();
    CapacityException last = null;
    for (String zone : zones) {
      String subnet = network.subnetIn(request.network(), request.labId(), zone, request.tags());
      RunInstancesRequest run =
          Ec2InstanceBody.of(
                  request,
                  ami,
                  images.rootDeviceName(),
                  subnet,
                  request.network(),
                  zone,
                  keyName,
                  false,
                  dataDiskGib)
              .toBuilder()
              .clientToken(hash(request.idempotencyKey() + "|" + zone).substring(0, 64))
              .tagSpecifications(Ec2InstanceBody.launchTags(request, launchTag))
              .build();
      try {
        Instance i =
            AwsErrors.call(
                "launching " + request.instanceType() + " in " + zone,
                () -> ec2.runInstances(run).instances().get(0));
        return ref(i);
      } catch (CapacityException e) {
        refused.add(zone);
        last = e;
        if (!zoneFallback) {
          break;
        }
      }
    }
    throw new CapacityException(
        AwsErrors.PROVIDER,
        last == null ? null : last.code(),
        last == null ? null : last.requestId(),
        "no capacity for "
            + request.instanceType()
            + " in "
            + String.join(", ", refused)
            + (zoneFallback ? "" : " (zoneFallback=false)")
            + "; try the plan's next option, another region, or later",
        last);
  }

  /**
   * The data disk's size: as asked, or the snapshot's when the disk comes from a larger snapshot
   * (EC2 refuses a smaller one); a snapshot not yet complete, or gone, is refused here, naming it.
   */
  private int dataDiskGib(HostRequest request) {
    if (request.dataDiskSnapshot() == null) {
      return request.dataDiskGib();
    }
    DiskSnapshot snapshot = new Ec2Snapshots(ec2, region).describe(request.dataDiskSnapshot());
    if (snapshot.state() != DiskSnapshot.State.READY) {
      throw new InvalidSpecException(
          "aws launch",
          List.of(
              Problem.of(
                  "dataDiskSnapshot",
                  "snapshot "
                      + snapshot.id()
                      + " is "
                      + snapshot.state().name().toLowerCase(java.util.Locale.ROOT)
                      + ", not complete; wait until it is (or save the blueprint again if it"
                      + " failed)")));
    }
    return Math.max(request.dataDiskGib(), snapshot.sizeGib());
  }

  private Instance findLaunched(String labId, String launchTag) {
    return AwsErrors.call(
        "looking for a host already launched",
        () ->
            ec2
                .describeInstances(
                    b ->
                        b.filters(
                            filter("tag:" + LabTags.LAB, labId),
                            filter("tag:" + LAUNCH_TAG, launchTag),
                            filter(
                                "instance-state-name",
                                "pending",
                                "running",
                                "stopping",
                                "stopped")))
                .reservations()
                .stream()
                .flatMap(r -> r.instances().stream())
                .filter(i -> launchTag.equals(Ec2Tags.map(i.tags()).get(LAUNCH_TAG)))
                .filter(
                    i ->
                        !"terminated".equals(i.state().nameAsString())
                            && !"shutting-down".equals(i.state().nameAsString()))
                .findFirst()
                .orElse(null));
  }

  private String ensureKeyPair(HostRequest request) {
    if (request.sshPublicKey() == null || request.sshPublicKey().isBlank()) {
      return null;
    }
    String name = "nestlab-" + request.labId();
    var existing =
        AwsErrors.call(
            "looking up key pair " + name,
            () -> ec2.describeKeyPairs(b -> b.filters(filter("key-name", name))).keyPairs());
    if (!existing.isEmpty()) {
      return name;
    }
    try {
      ec2.importKeyPair(
          b ->
              b.keyName(name)
                  .publicKeyMaterial(
                      software.amazon.awssdk.core.SdkBytes.fromUtf8String(request.sshPublicKey()))
                  .tagSpecifications(Ec2Tags.spec(ResourceType.KEY_PAIR, request.tags(), name)));
    } catch (AwsServiceException e) {
      if (!"InvalidKeyPair.Duplicate".equals(AwsErrors.code(e))) {
        throw AwsErrors.translate("importing the lab's SSH key as key pair " + name, e);
      }
    }
    return name;
  }

  private HostRef ref(Instance i) {
    String zone = i.placement() == null ? null : i.placement().availabilityZone();
    return new HostRef(AwsErrors.PROVIDER, region, zone, i.instanceId());
  }

  private static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  // ---------------------------------------------------------------- find

  public HostInfo describe(HostRef host) {
    Instance i = find(host);
    if (i == null) {
      return new HostInfo(host, HostState.NOT_FOUND, null, null, null, Map.of());
    }
    return new HostInfo(
        host,
        state(i.state().nameAsString()),
        i.instanceTypeAsString(),
        i.publicIpAddress(),
        i.privateIpAddress(),
        Ec2Tags.map(i.tags()));
  }

  private Instance find(HostRef host) {
    try {
      return ec2.describeInstances(b -> b.instanceIds(host.id())).reservations().stream()
          .flatMap(r -> r.instances().stream())
          .findFirst()
          .orElse(null);
    } catch (AwsServiceException e) {
      if ("InvalidInstanceID.NotFound".equals(AwsErrors.code(e))
          || "InvalidInstanceID.Malformed".equals(AwsErrors.code(e))) {
        return null;
      }
      throw AwsErrors.translate("describing " + host.id(), e);
    }
  }

  /** EC2's instance state name as a {@link HostState}. */
  public static HostState state(String ec2State) {
    return switch (ec2State) {
      case "pending" -> HostState.PENDING;
      case "running" -> HostState.RUNNING;
      case "stopping" -> HostState.STOPPING;
      case "stopped" -> HostState.STOPPED;
      case "shutting-down" -> HostState.TERMINATING;
      case "terminated" -> HostState.TERMINATED;
      default -> HostState.PENDING;
    };
  }

  /**
   * The latest console output: without {@code Latest}, EC2 returns only what was buffered around
   * the last state change, so the bootstrap's progress would not show until the host stops. Every
   * Nitro type (all the L1 candidates) supports it; an older type gets the buffered output.
   */
  private String consoleOutput(HostRef host) {
    try {
      return ec2.getConsoleOutput(b -> b.instanceId(host.id()).latest(true)).output();
    } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
      if (e.awsErrorDetails() == null
          || !"UnsupportedOperation".equals(e.awsErrorDetails().errorCode())) {
        throw e;
      }
      return ec2.getConsoleOutput(b -> b.instanceId(host.id())).output();
    }
  }

  // ---------------------------------------------------------------- console

  public ConsoleOutput console(HostRef host, long offset) {
    String encoded =
        AwsErrors.call("reading the console of " + host.id(), () -> consoleOutput(host));
    String text =
        encoded == null
            ? ""
            : new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
    if (offset < 0 || offset > text.length()) {
      // EC2 keeps only the last 64 KB: the text rotated past the offset; give all there is.
      return new ConsoleOutput(text, text.length());
    }
    return new ConsoleOutput(text.substring((int) offset), text.length());
  }

  // ---------------------------------------------------------------- life

  public void stop(HostRef host) {
    AwsErrors.run("stopping " + host.id(), () -> ec2.stopInstances(b -> b.instanceIds(host.id())));
    waits.stopped(host.id());
  }

  public void start(HostRef host) {
    AwsErrors.run("starting " + host.id(), () -> ec2.startInstances(b -> b.instanceIds(host.id())));
    waits.running(host.id());
  }

  /** Terminates the host and waits until it is gone; one already gone succeeds. */
  public void terminate(HostRef host) {
    Instance current = find(host);
    if (current == null || "terminated".equals(current.state().nameAsString())) {
      return;
    }
    try {
      ec2.terminateInstances(b -> b.instanceIds(host.id()));
    } catch (AwsServiceException e) {
      if ("InvalidInstanceID.NotFound".equals(AwsErrors.code(e))) {
        return;
      }
      throw AwsErrors.translate("terminating " + host.id(), e);
    }
    waits.terminated(host.id());
  }

  // ---------------------------------------------------------------- images

  public ImageRef snapshot(HostRef host, String name, Map<String, String> tags) {
    String imageId =
        AwsErrors.call(
            "imaging " + host.id(),
            () ->
                ec2.createImage(
                        b ->
                            b.instanceId(host.id())
                                .name(name)
                                .description("NestLab image of " + host.id())
                                .tagSpecifications(Ec2Tags.spec(ResourceType.IMAGE, tags, name)))
                    .imageId());
    // The image's snapshots are tagged as soon as EC2 names them; deleting the image deletes
    // them too (see Ec2Inventory), so a snapshot not yet named here still cannot leak.
    List<String> snapshots = Ec2Inventory.snapshotsOf(ec2, imageId);
    if (!snapshots.isEmpty()) {
      AwsErrors.run(
          "tagging the snapshots of " + imageId,
          () -> ec2.createTags(b -> b.resources(snapshots).tags(Ec2Tags.tags(tags))));
    }
    return new ImageRef(AwsErrors.PROVIDER, region, imageId);
  }

  /** Why user data of {@code bytes} cannot be launched, and what to do. */
  public static String userDataTooLarge(int bytes) {
    return "user data is "
        + bytes
        + " bytes; EC2 accepts at most "
        + MAX_USER_DATA_BYTES
        + " (16 KB) before base64: compress it (gzip) or fetch the rest from the L1 host";
  }
}
