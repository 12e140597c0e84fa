package io.nestlab.fake;

import io.nestlab.fake.internal.DirectoryCloudStore;
import io.nestlab.fake.internal.FakeCloud;
import io.nestlab.fake.internal.FakeConsole;
import io.nestlab.fake.internal.FakeHostPrograms;
import io.nestlab.fake.internal.FakeHosts;
import io.nestlab.fake.internal.FakeInventory;
import io.nestlab.fake.internal.FakeLabPower;
import io.nestlab.fake.internal.FakeNetworks;
import io.nestlab.fake.internal.FakePreflight;
import io.nestlab.fake.internal.FakeRehearsal;
import io.nestlab.fake.internal.MemoryCloudStore;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fake cloud implementing the provider SPI: hosts move through realistic states over time
 * (pending, running, stopping, stopped, terminating, terminated), networks refuse deletion while
 * hosts use them, launches are idempotent, every resource carries its tags, and a running host's
 * console shows a simulated bootstrap in NestLab's progress protocol. It can live in memory or in a
 * directory (so it outlives a killed JVM and is shared by successive CLI runs), run on a {@link
 * FakeClock}, add latency, and inject faults ({@link FakeFaults}).
 *
 * <p>Use it in your own tests: {@code FakeLabProvider.builder().clock(clock).build()}.
 *
 * <p>This class is a facade: each SPI method delegates to one class of {@code
 * io.nestlab.fake.internal} ({@link FakeHosts}, {@link FakeNetworks}, {@link FakeInventory}, {@link
 * FakePreflight}), all sharing one {@link FakeCloud} (the store, the clock, the faults and the call
 * gateway). A new simulated capability is a new internal class built on {@code cloud} and one
 * delegating override here.
 */
public final class FakeLabProvider implements LabProvider {
  /** The provider id. */
  public static final String ID = FakeCloud.ID;

  /** The most user data a fake host accepts, in bytes (as GCE's 256 KiB). */
  public static final int MAX_USER_DATA_BYTES = 256 * 1024;

  private final FakeCloud cloud;
  private final FakeHosts hosts;
  private final FakeNetworks networks;
  private final FakeInventory inventory;
  private final FakePreflight preflight;
  private final int sshPort;
  private final String sshUser;
  private final String credentialsPath;
  private final Duration rehearsalMinute;
  private final String rehearsalFailure;

  private FakeLabProvider(Builder b) {
    FakeConsole console = new FakeConsole(b.bootConsole, b.bootPhase, b.faults);
    this.cloud =
        new FakeCloud(
            b.dir == null ? new MemoryCloudStore() : new DirectoryCloudStore(b.dir),
            b.clock,
            b.latency,
            b.transition,
            b.faults,
            b.faults.random(),
            console);
    this.hosts = new FakeHosts(cloud, MAX_USER_DATA_BYTES, b.sshPort, b.authorizedKeys);
    this.networks = new FakeNetworks(cloud);
    this.inventory = new FakeInventory(cloud);
    this.preflight = new FakePreflight(cloud, MAX_USER_DATA_BYTES);
    this.sshPort = b.sshPort;
    this.sshUser = b.sshUser;
    this.credentialsPath = b.credentialsPath;
    this.rehearsalMinute = b.rehearsalMinute;
    this.rehearsalFailure = b.rehearsalFailure;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An in-memory fake on the system clock, no latency, no faults. */
  public static FakeLabProvider inMemory() {
    return builder().build();
  }

  /** The phases the simulated bootstrap reports, in order, before {@code ready}. */
  public static List<String> bootPhases() {
    return FakeConsole.PHASES;
  }

  /** The phases a host restored from a blueprint reports: no media, ESXi or vCenter install. */
  public static List<String> restorePhases() {
    return FakeConsole.RESTORE_PHASES;
  }

  /** Makes the next launch fail for lack of capacity (on top of the configured faults). */
  public void failNextLaunchForCapacity() {
    hosts.failNextLaunchForCapacity();
  }

  /** Makes the next API call be refused as throttled. */
  public void throttleNextCall() {
    cloud.throttleNextCall();
  }

  /** How many API calls this provider has served or refused so far. */
  public int callCount() {
    return cloud.callCount();
  }

  @Override
  public String id() {
    return ID;
  }

  /** Where this fake keeps its cloud: {@code memory} or a directory. */
  public String location() {
    return cloud.describe();
  }

  @Override
  public String sshUser() {
    return sshUser;
  }

  /** The stand-in SSH server's port, or 0: fake hosts have no SSH of their own. */
  @Override
  public int sshPort() {
    return sshPort;
  }

  @Override
  public String credentialsPath() {
    return credentialsPath != null ? credentialsPath : LabProvider.super.credentialsPath();
  }

  @Override
  public ProviderCapabilities capabilities() {
    return new ProviderCapabilities(true, true, true, MAX_USER_DATA_BYTES);
  }

  @Override
  public PreflightReport preflight(HostRequest request) {
    return preflight.check(request);
  }

  @Override
  public NetworkRef ensureNetwork(NetworkRequest request) {
    return networks.ensure(request);
  }

  @Override
  public HostRef launchHost(HostRequest request) {
    return hosts.launch(request);
  }

  @Override
  public HostInfo describeHost(HostRef host) {
    return hosts.describe(host);
  }

  @Override
  public ConsoleOutput readConsole(HostRef host, long offset) {
    return hosts.readConsole(host, offset);
  }

  @Override
  public void stopHost(HostRef host) {
    hosts.stop(host);
  }

  @Override
  public void startHost(HostRef host) {
    hosts.start(host);
  }

  @Override
  public void terminateHost(HostRef host) {
    hosts.terminate(host);
  }

  @Override
  public ImageRef snapshotHost(HostRef host, String name, Map<String, String> tags) {
    return hosts.snapshot(host, name, tags);
  }

  @Override
  public DiskSnapshot snapshotDataDisk(
      HostRef host, String name, Map<String, String> tags, String idempotencyKey) {
    return cloud.call(
        "snapshotDataDisk",
        data ->
            cloud
                .snapshots()
                .snapshotDataDisk(data, cloud.clock().instant(), host, tags, idempotencyKey));
  }

  @Override
  public DiskSnapshot describeSnapshot(String region, String snapshotId) {
    return cloud.call(
        "describeSnapshot",
        data -> cloud.snapshots().describe(data, cloud.clock().instant(), snapshotId));
  }

  @Override
  public DiskSnapshot copySnapshot(
      DiskSnapshot source, String targetRegion, Map<String, String> tags, String idempotencyKey) {
    return cloud.call(
        "copySnapshot",
        data ->
            cloud
                .snapshots()
                .copy(data, cloud.clock().instant(), source, targetRegion, tags, idempotencyKey));
  }

  @Override
  public List<OwnedResource> listOwned(TagFilter filter) {
    return inventory.listOwned(filter);
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
    // nothing to release: the store holds no open handles between calls
  }

  /**
   * The simulated NestLab host programs ({@code nestlab-rehearsal}, {@code nestlab-lab-power});
   * none when an SSH server stands in for hosts: commands then run there for real.
   */
  @Override
  public Optional<HostCommands> hostCommands(HostRef host) {
    if (sshPort > 0) {
      return Optional.empty();
    }
    FakeRehearsal rehearsal = new FakeRehearsal(cloud, host, rehearsalMinute, rehearsalFailure);
    FakeLabPower power = new FakeLabPower(cloud::call, cloud.clock(), host);
    return Optional.of(
        new FakeHostPrograms(
            Map.of("nestlab-rehearsal", rehearsal, "nestlab-lab-power", power), rehearsal));
  }

  @Override
  public String toString() {
    return "FakeLabProvider[" + cloud.describe() + "]";
  }

  /** Builds a {@link FakeLabProvider}. */
  public static final class Builder {
    private Path dir;
    private Clock clock = Clock.systemUTC();
    private Duration latency = Duration.ZERO;
    private Duration transition = Duration.ofMillis(1500);
    private Duration bootPhase = Duration.ofMillis(400);
    private FakeFaults faults = FakeFaults.none();
    private int sshPort;
    private String sshUser = "nestlab";
    private String bootConsole = "";
    private String credentialsPath;
    private Path authorizedKeys;
    private Duration rehearsalMinute = Duration.ofMinutes(1);
    private String rehearsalFailure;

    private Builder() {}

    /**
     * The simulated rehearsal: the clock time a typical minute of it takes, and the step that fails
     * ({@code vcenter}, or a host, which comes back on its old build; null for none).
     */
    public Builder rehearsal(Duration minute, String failStep) {
      this.rehearsalMinute = requirePositiveOrZero(minute, "rehearsal minute");
      this.rehearsalFailure = failStep;
      return this;
    }

    /**
     * The stand-in SSH server's authorized_keys file: a launch appends the lab's public key, as a
     * cloud installs it on a new instance. Null: keys are not installed anywhere.
     */
    public Builder authorizedKeys(Path file) {
      this.authorizedKeys = file;
      return this;
    }

    /** Where the stand-in SSH server keeps the lab credentials file; null for the default. */
    public Builder credentialsPath(String path) {
      this.credentialsPath = path;
      return this;
    }

    /**
     * An SSH server on 127.0.0.1:{@code port} (logging in as {@code user}) stands in for every
     * host: hosts report 127.0.0.1 as their public address. 0: hosts have no SSH (the default).
     */
    public Builder sshStandIn(int port, String user) {
      this.sshPort = port;
      this.sshUser = Objects.requireNonNull(user, "user");
      return this;
    }

    /** Text every host prints on its console when it boots (say, its SSH host key block). */
    public Builder bootConsole(String text) {
      Objects.requireNonNull(text, "text");
      this.bootConsole = text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
      return this;
    }

    /** Keep the cloud in this directory (created 0700 when missing); null for memory. */
    public Builder directory(Path dir) {
      this.dir = dir;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Real time every call takes. */
    public Builder latency(Duration latency) {
      this.latency = requirePositiveOrZero(latency, "latency");
      return this;
    }

    /** Clock time a host spends pending, stopping or terminating. */
    public Builder transition(Duration transition) {
      this.transition = requirePositiveOrZero(transition, "transition");
      return this;
    }

    /** Clock time each simulated bootstrap phase takes. */
    public Builder bootPhase(Duration bootPhase) {
      this.bootPhase = requirePositiveOrZero(bootPhase, "bootPhase");
      return this;
    }

    public Builder faults(FakeFaults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    public FakeLabProvider build() {
      return new FakeLabProvider(this);
    }

    private static Duration requirePositiveOrZero(Duration d, String what) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be zero or positive; got " + d);
      }
      return d;
    }
  }
}
