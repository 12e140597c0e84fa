package io.nestlab.engine;

import io.nestlab.spi.ConsoleOutput;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A provider that forwards every call; tests override the calls they intercept. */
public class ForwardingProvider implements LabProvider {
  private final LabProvider d;

  public ForwardingProvider(LabProvider delegate) {
    this.d = delegate;
  }

  @Override
  public String id() {
    return d.id();
  }

  @Override
  public ProviderCapabilities capabilities() {
    return d.capabilities();
  }

  @Override
  public PreflightReport preflight(HostRequest request) {
    return d.preflight(request);
  }

  @Override
  public NetworkRef ensureNetwork(NetworkRequest request) {
    return d.ensureNetwork(request);
  }

  @Override
  public HostRef launchHost(HostRequest request) {
    return d.launchHost(request);
  }

  @Override
  public HostInfo describeHost(HostRef host) {
    return d.describeHost(host);
  }

  @Override
  public ConsoleOutput readConsole(HostRef host, long offset) {
    return d.readConsole(host, offset);
  }

  @Override
  public void stopHost(HostRef host) {
    d.stopHost(host);
  }

  @Override
  public void startHost(HostRef host) {
    d.startHost(host);
  }

  @Override
  public void terminateHost(HostRef host) {
    d.terminateHost(host);
  }

  @Override
  public ImageRef snapshotHost(HostRef host, String name, Map<String, String> tags) {
    return d.snapshotHost(host, name, tags);
  }

  @Override
  public io.nestlab.spi.DiskSnapshot snapshotDataDisk(
      HostRef host, String name, Map<String, String> tags, String idempotencyKey) {
    return d.snapshotDataDisk(host, name, tags, idempotencyKey);
  }

  @Override
  public io.nestlab.spi.DiskSnapshot describeSnapshot(String region, String snapshotId) {
    return d.describeSnapshot(region, snapshotId);
  }

  @Override
  public io.nestlab.spi.DiskSnapshot copySnapshot(
      io.nestlab.spi.DiskSnapshot source,
      String targetRegion,
      Map<String, String> tags,
      String idempotencyKey) {
    return d.copySnapshot(source, targetRegion, tags, idempotencyKey);
  }

  @Override
  public java.util.Optional<io.nestlab.spi.HostCommands> hostCommands(HostRef host) {
    return d.hostCommands(host);
  }

  @Override
  public List<OwnedResource> listOwned(TagFilter filter) {
    return d.listOwned(filter);
  }

  @Override
  public void delete(OwnedResource resource) {
    d.delete(resource);
  }

  @Override
  public void renewLease(OwnedResource resource, Instant leaseUntil) {
    d.renewLease(resource, leaseUntil);
  }

  @Override
  public void close() {
    d.close();
  }
}
