package io.nestlab.spi;

import io.nestlab.ProviderException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One cloud, as the engine needs it: a small, native-shaped SPI. A provider knows its cloud, not
 * labs; orchestration lives once, in the engine. Every mutating call is safe to repeat: launches
 * and networks carry an idempotency key, deletes of missing resources succeed. Vendor errors are
 * translated into {@link io.nestlab.ProviderException} and its subtypes at this boundary.
 *
 * <p>Every resource a provider creates carries the tags of its request (see {@link LabTags}), so
 * {@link #listOwned} finds it with no state file.
 */
public interface LabProvider extends AutoCloseable {
  /** The provider id, as its factory's. */
  String id();

  ProviderCapabilities capabilities();

  /** Checks, at no cost, that {@code request} could be launched now. Never creates anything. */
  PreflightReport preflight(HostRequest request);

  /** Creates the lab's network, or returns the existing one made with the same key. */
  NetworkRef ensureNetwork(NetworkRequest request);

  /** Launches the L1 host, or returns the host launched earlier with the same idempotency key. */
  HostRef launchHost(HostRequest request);

  HostInfo describeHost(HostRef host);

  /**
   * Reads the host's serial console from {@code offset} (a value an earlier call returned as {@link
   * ConsoleOutput#nextOffset()}, or 0).
   */
  ConsoleOutput readConsole(HostRef host, long offset);

  void stopHost(HostRef host);

  void startHost(HostRef host);

  /** Terminates the host; succeeds when it is already gone. */
  void terminateHost(HostRef host);

  /** Images the host's disks; the image is tagged like the host. */
  ImageRef snapshotHost(HostRef host, String name, Map<String, String> tags);

  /**
   * Starts a snapshot of the host's data disk and returns at once (poll {@link #describeSnapshot}
   * until it is {@link DiskSnapshot.State#READY}). The snapshot is encrypted, private and carries
   * {@code tags}; the same {@code idempotencyKey} never starts a second snapshot. The host should
   * be stopped, or its nested lab shut down, so the copy is consistent.
   *
   * @throws ProviderException when the cloud refuses (or, by default, when this provider cannot
   *     snapshot disks: see {@link ProviderCapabilities#snapshots()})
   */
  default DiskSnapshot snapshotDataDisk(
      HostRef host, String name, Map<String, String> tags, String idempotencyKey) {
    throw unsupported("save a lab's data disk");
  }

  /**
   * The snapshot as the cloud sees it now.
   *
   * @throws ProviderException when it does not exist (code {@code NotFound})
   */
  default DiskSnapshot describeSnapshot(String region, String snapshotId) {
    throw unsupported("read disk snapshots");
  }

  /**
   * Starts a copy of a snapshot into {@code targetRegion} (encrypted, with {@code tags}) and
   * returns the copy, usually {@link DiskSnapshot.State#PENDING}. The same key never copies twice.
   */
  default DiskSnapshot copySnapshot(
      DiskSnapshot source, String targetRegion, Map<String, String> tags, String idempotencyKey) {
    throw unsupported("copy disk snapshots between regions");
  }

  /**
   * Runs host commands itself, for providers whose hosts are simulated; empty (the default) means
   * the engine runs them over the lab's SSH access.
   */
  default Optional<HostCommands> hostCommands(HostRef host) {
    return Optional.empty();
  }

  private ProviderException unsupported(String what) {
    return new ProviderException(
        id(), "Unsupported", null, false, false, "this provider cannot " + what, null);
  }

  /**
   * Every resource of this provider (in its region) whose tags match, in deletion order. Resources
   * that no longer exist or cost nothing are left out: in particular terminated instances, which
   * some clouds keep listing for a while.
   */
  List<OwnedResource> listOwned(TagFilter filter);

  /** Deletes one owned resource; succeeds when it is already gone. */
  void delete(OwnedResource resource);

  /** Moves the lease tag ({@code nestlab-lease-until}) of a resource, where the host reads it. */
  void renewLease(OwnedResource resource, Instant leaseUntil);

  /**
   * The user that holds the lab's SSH key on this provider's L1 hosts (the image's login user that
   * receives {@link HostRequest#sshPublicKey()}).
   */
  default String sshUser() {
    return "nestlab";
  }

  /**
   * The SSH port of this provider's L1 hosts at their {@link HostInfo#publicIp()}, or 0 when its
   * hosts cannot be reached over SSH (a fake cloud without a stand-in server).
   */
  default int sshPort() {
    return 22;
  }

  /**
   * Where this provider's L1 hosts keep the lab's credentials file: the bootstrap's root-only
   * secrets file, unless the hosts are stand-ins (a fake cloud's SSH server).
   */
  default String credentialsPath() {
    return "/etc/nestlab/secrets.env";
  }

  /**
   * A URL the L1 host can download {@code media} from for {@code validFor} with no credentials of
   * its own: a provider turns its storage's URLs (for example {@code s3://bucket/key}) into
   * short-lived signed HTTPS URLs. Other URLs, and every URL by default, are returned unchanged.
   */
  default URI mediaUrl(URI media, Duration validFor) {
    return media;
  }

  /** Releases clients and threads. Never throws. */
  @Override
  void close();
}
