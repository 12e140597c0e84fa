package io.nestlab.gcp;

import io.nestlab.gcp.internal.ComputeApi;
import io.nestlab.gcp.internal.GcpCalls;
import io.nestlab.gcp.internal.GcpErrors;
import io.nestlab.gcp.internal.GcpInstances;
import io.nestlab.gcp.internal.GcpInstances.Life;
import io.nestlab.gcp.internal.GcpInventory;
import io.nestlab.gcp.internal.GcpNetwork;
import io.nestlab.gcp.internal.GcpPreflight;
import io.nestlab.gcp.internal.GcpResourceKinds;
import io.nestlab.gcp.internal.GcpSettings;
import io.nestlab.gcp.internal.GcpSnapshots;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.DiskSnapshot;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Compute Engine provider: one custom-mode VPC network, subnetwork and ingress firewall rule
 * per lab, and one L1 instance with nested virtualization (or a bare-metal {@code c3-*-metal}
 * host). A facade over its concerns in {@code internal}, laid out like the AWS provider's:
 * preflight ({@link GcpPreflight}), network ({@link GcpNetwork}), instances ({@link GcpInstances})
 * and inventory ({@link GcpInventory}, one entry per kind in {@link GcpResourceKinds}). Create it
 * with {@link GcpLabProviderFactory}; see docs/providers/gcp.md.
 */
public final class GcpLabProvider implements LabProvider {
  /** GCE metadata values are limited to 256 KiB each. */
  public static final int MAX_USER_DATA_BYTES = GcpPreflight.MAX_USER_DATA_BYTES;

  private final GcpSettings settings;
  private final ComputeApi api;
  private final GcpPreflight preflight;
  private final GcpNetwork network;
  private final GcpInstances instances;
  private final GcpInventory inventory;
  private final GcpSnapshots snapshots;

  GcpLabProvider(GcpSettings settings) {
    this.settings = settings;
    this.api = new ComputeApi(settings);
    GcpCalls calls = new GcpCalls(api);
    this.preflight = new GcpPreflight(settings, api, calls);
    this.network = new GcpNetwork(settings, api, calls);
    this.instances = new GcpInstances(settings, api, calls);
    this.inventory =
        new GcpInventory(settings.region(), new GcpResourceKinds(api, calls, instances));
    this.snapshots = new GcpSnapshots(api, calls);
  }

  @Override
  public String id() {
    return GcpErrors.PROVIDER;
  }

  @Override
  public ProviderCapabilities capabilities() {
    return new ProviderCapabilities(true, true, true, MAX_USER_DATA_BYTES);
  }

  @Override
  public PreflightReport preflight(HostRequest request) {
    return preflight.run(request);
  }

  @Override
  public NetworkRef ensureNetwork(NetworkRequest request) {
    return network.ensure(request);
  }

  @Override
  public HostRef launchHost(HostRequest request) {
    return instances.launch(request);
  }

  @Override
  public HostInfo describeHost(HostRef host) {
    return instances.describe(host);
  }

  @Override
  public ConsoleOutput readConsole(HostRef host, long offset) {
    return instances.console(host, offset);
  }

  @Override
  public void stopHost(HostRef host) {
    instances.apply(Life.STOP, host);
  }

  @Override
  public void startHost(HostRef host) {
    instances.apply(Life.START, host);
  }

  @Override
  public void terminateHost(HostRef host) {
    instances.apply(Life.DELETE, host);
  }

  @Override
  public ImageRef snapshotHost(HostRef host, String name, Map<String, String> tags) {
    return instances.snapshot(host, name, tags);
  }

  @Override
  public DiskSnapshot snapshotDataDisk(
      HostRef host, String name, Map<String, String> tags, String idempotencyKey) {
    return snapshots.snapshotDataDisk(host, name, tags, idempotencyKey);
  }

  @Override
  public DiskSnapshot describeSnapshot(String region, String snapshotId) {
    return snapshots.describe(snapshotId);
  }

  @Override
  public DiskSnapshot copySnapshot(
      DiskSnapshot source, String targetRegion, Map<String, String> tags, String idempotencyKey) {
    return snapshots.copy(source, targetRegion, tags, idempotencyKey);
  }

  @Override
  public List<OwnedResource> listOwned(TagFilter filter) {
    return inventory.list(filter);
  }

  @Override
  public void delete(OwnedResource resource) {
    inventory.delete(resource);
  }

  @Override
  public void renewLease(OwnedResource resource, Instant leaseUntil) {
    inventory.renewLease(resource, leaseUntil);
  }

  @Override
  public void close() {
    api.close();
  }

  /** For messages and tests: where this provider points. */
  @Override
  public String toString() {
    URI e = settings.endpoint();
    return "GcpLabProvider[project="
        + settings.project()
        + (e == null ? "" : ", endpoint=" + e)
        + "]";
  }
}
