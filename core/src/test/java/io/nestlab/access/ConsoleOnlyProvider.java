package io.nestlab.access;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider whose host's serial console is a fixed text that appears in chunks, one more per read,
 * the way a booting host's console grows; every other call is outside these tests.
 */
final class ConsoleOnlyProvider implements LabProvider {
  private final byte[] console;
  private final int chunk;
  private final AtomicInteger reads = new AtomicInteger();

  ConsoleOnlyProvider(String console, int chunk) {
    this.console = console.getBytes(StandardCharsets.UTF_8);
    this.chunk = chunk;
  }

  int reads() {
    return reads.get();
  }

  @Override
  public ConsoleOutput readConsole(HostRef host, long offset) {
    int n = reads.incrementAndGet();
    int end = (int) Math.min(console.length, (long) n * chunk);
    int from = (int) Math.min(offset, end);
    return new ConsoleOutput(new String(console, from, end - from, StandardCharsets.UTF_8), end);
  }

  @Override
  public String id() {
    return "console-only";
  }

  @Override
  public ProviderCapabilities capabilities() {
    throw new UnsupportedOperationException();
  }

  @Override
  public PreflightReport preflight(HostRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public NetworkRef ensureNetwork(NetworkRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public HostRef launchHost(HostRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public HostInfo describeHost(HostRef host) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void stopHost(HostRef host) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void startHost(HostRef host) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void terminateHost(HostRef host) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ImageRef snapshotHost(HostRef host, String name, Map<String, String> tags) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<OwnedResource> listOwned(TagFilter filter) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void delete(OwnedResource resource) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void renewLease(OwnedResource resource, Instant leaseUntil) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
