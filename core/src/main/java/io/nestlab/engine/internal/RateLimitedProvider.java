package io.nestlab.engine.internal;

import io.nestlab.ProviderException;
import io.nestlab.engine.Sleeper;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostCommands;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.ImageRef;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.ProviderCapabilities;
import io.nestlab.spi.TagFilter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A provider whose API calls first take a token of a bucket shared by a whole fleet, and that
 * repeats a call the cloud refused as throttled ({@link ProviderException#throttled()}), waiting 1
 * s, 2 s, 4 s ... up to 30 s between tries, at most {@link #ATTEMPTS} tries in all. Every call is
 * safe to repeat: creations carry idempotency keys, deletions and reads are idempotent. Local
 * answers (id, capabilities, SSH user, media URLs) take no token.
 */
public final class RateLimitedProvider implements LabProvider {
  /** Tries of one call refused as throttled, the first included. */
  public static final int ATTEMPTS = 6;

  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final LabProvider inner;
  private final TokenBucket bucket;
  private final Sleeper sleeper;

  public RateLimitedProvider(LabProvider inner, TokenBucket bucket, Sleeper sleeper) {
    this.inner = inner;
    this.bucket = bucket;
    this.sleeper = sleeper;
  }

  private <T> T call(Supplier<T> call) {
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      bucket.acquire();
      try {
        return call.get();
      } catch (ProviderException e) {
        if (!e.throttled() || attempt >= ATTEMPTS) {
          throw e;
        }
      }
      sleeper.sleep(backoff);
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  private void run(Runnable call) {
    call(
        () -> {
          call.run();
          return null;
        });
  }

  @Override
  public String id() {
    return inner.id();
  }

  @Override
  public ProviderCapabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public PreflightReport preflight(HostRequest request) {
    return call(() -> inner.preflight(request));
  }

  @Override
  public NetworkRef ensureNetwork(NetworkRequest request) {
    return call(() -> inner.ensureNetwork(request));
  }

  @Override
  public HostRef launchHost(HostRequest request) {
    return call(() -> inner.launchHost(request));
  }

  @Override
  public HostInfo describeHost(HostRef host) {
    return call(() -> inner.describeHost(host));
  }

  @Override
  public ConsoleOutput readConsole(HostRef host, long offset) {
    return call(() -> inner.readConsole(host, offset));
  }

  @Override
  public void stopHost(HostRef host) {
    run(() -> inner.stopHost(host));
  }

  @Override
  public void startHost(HostRef host) {
    run(() -> inner.startHost(host));
  }

  @Override
  public void terminateHost(HostRef host) {
    run(() -> inner.terminateHost(host));
  }

  @Override
  public ImageRef snapshotHost(HostRef host, String name, Map<String, String> tags) {
    return call(() -> inner.snapshotHost(host, name, tags));
  }

  @Override
  public DiskSnapshot snapshotDataDisk(
      HostRef host, String name, Map<String, String> tags, String idempotencyKey) {
    return call(() -> inner.snapshotDataDisk(host, name, tags, idempotencyKey));
  }

  @Override
  public DiskSnapshot describeSnapshot(String region, String snapshotId) {
    return call(() -> inner.describeSnapshot(region, snapshotId));
  }

  @Override
  public DiskSnapshot copySnapshot(
      DiskSnapshot source, String targetRegion, Map<String, String> tags, String idempotencyKey) {
    return call(() -> inner.copySnapshot(source, targetRegion, tags, idempotencyKey));
  }

  @Override
  public Optional<HostCommands> hostCommands(HostRef host) {
    return inner.hostCommands(host);
  }

  @Override
  public List<OwnedResource> listOwned(TagFilter filter) {
    return call(() -> inner.listOwned(filter));
  }

  @Override
  public void delete(OwnedResource resource) {
    run(() -> inner.delete(resource));
  }

  @Override
  public void renewLease(OwnedResource resource, Instant leaseUntil) {
    run(() -> inner.renewLease(resource, leaseUntil));
  }

  @Override
  public String sshUser() {
    return inner.sshUser();
  }

  @Override
  public int sshPort() {
    return inner.sshPort();
  }

  @Override
  public String credentialsPath() {
    return inner.credentialsPath();
  }

  @Override
  public URI mediaUrl(URI media, Duration validFor) {
    return inner.mediaUrl(media, validFor);
  }

  @Override
  public void close() {
    inner.close();
  }
}
