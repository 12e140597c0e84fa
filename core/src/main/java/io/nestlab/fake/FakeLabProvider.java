package io.nestlab.fake;

import io.nestlab.CapacityException;
import io.nestlab.ProviderException;
import io.nestlab.QuotaException;
import io.nestlab.fake.internal.CloudData;
import io.nestlab.fake.internal.CloudStore;
import io.nestlab.fake.internal.DirectoryCloudStore;
import io.nestlab.fake.internal.FakeLabPower;
import io.nestlab.fake.internal.FakeResource;
import io.nestlab.fake.internal.FakeSnapshots;
import io.nestlab.fake.internal.MemoryCloudStore;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostCommands;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.ImageRef;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.PreflightReport.Check;
import io.nestlab.spi.PreflightReport.Status;
import io.nestlab.spi.ProviderCapabilities;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A fake cloud implementing the provider SPI: hosts move through realistic states over time
 * (pending, running, stopping, stopped, terminating, terminated), networks refuse deletion while
 * hosts use them, launches are idempotent, every resource carries its tags, and a running host's
 * console shows a simulated bootstrap in NestLab's progress protocol. It can live in memory or in a
 * directory (so it outlives a killed JVM and is shared by successive CLI runs), run on a {@link
 * FakeClock}, add latency, and inject faults ({@link FakeFaults}).
 *
 * <p>Use it in your own tests: {@code FakeLabProvider.builder().clock(clock).build()}.
 */
public final class FakeLabProvider implements LabProvider {
  /** The provider id. */
  public static final String ID = "fake";

  /** The most user data a fake host accepts, in bytes (as GCE's 256 KiB). */
  public static final int MAX_USER_DATA_BYTES = 256 * 1024;

  private static final Pattern HOSTS = Pattern.compile("NESTLAB_HOSTS=([A-Za-z0-9_,.-]+)");

  private final CloudStore store;
  private final Clock clock;
  private final Duration latency;
  private final Duration transition;
  private final Duration bootPhase;
  private final FakeFaults faults;
  private final Random random;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger launches = new AtomicInteger();
  private final AtomicInteger extraCapacityErrors = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean throttleNext =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final int sshPort;
  private final String sshUser;
  private final String bootConsole;
  private final String credentialsPath;
  private final Path authorizedKeys;

  private FakeLabProvider(Builder b) {
    this.store = b.dir == null ? new MemoryCloudStore() : new DirectoryCloudStore(b.dir);
    this.clock = b.clock;
    this.latency = b.latency;
    this.transition = b.transition;
    this.bootPhase = b.bootPhase;
    this.faults = b.faults;
    this.random = faults.random();
    this.sshPort = b.sshPort;
    this.sshUser = b.sshUser;
    this.bootConsole = b.bootConsole;
    this.credentialsPath = b.credentialsPath;
    this.authorizedKeys = b.authorizedKeys;
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
    return List.of("packages", "kvm", "libvirt", "media", "esxi", "vcenter", "cluster");
  }

  /** The phases a host restored from a blueprint reports: no media, ESXi or vCenter install. */
  public static List<String> restorePhases() {
    return List.of("packages", "kvm", "libvirt", "restore", "lab-start");
  }

  /** Makes the next launch fail for lack of capacity (on top of the configured faults). */
  public void failNextLaunchForCapacity() {
    extraCapacityErrors.incrementAndGet();
  }

  /** Makes the next API call be refused as throttled. */
  public void throttleNextCall() {
    throttleNext.set(true);
  }

  /** How many API calls this provider has served or refused so far. */
  public int callCount() {
    return calls.get();
  }

  @Override
  public String id() {
    return ID;
  }

  /** Where this fake keeps its cloud: {@code memory} or a directory. */
  public String location() {
    return store.describe();
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

  private void installKey(String publicKey) {
    if (authorizedKeys == null || publicKey == null || publicKey.isBlank()) {
      return;
    }
    try {
      java.nio.file.Files.writeString(
          authorizedKeys,
          publicKey.strip() + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot install the lab's key in " + authorizedKeys, e);
    }
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
    return call(
        "preflight",
        data -> {
          List<Check> checks = new ArrayList<>();
          checks.add(regionCheck(request.region()));
          var type = FakeCatalog.find(request.instanceType());
          if (type.isEmpty()) {
            checks.add(
                new Check(
                    "instance type",
                    Status.FAIL,
                    request.instanceType() + " is not offered; choose one of " + typeNames()));
          } else {
            checks.add(new Check("instance type", Status.OK, request.instanceType() + " offered"));
            boolean metal = type.get().kind() == io.nestlab.catalog.HostKind.METAL;
            if (request.nestedVirtualization() && metal) {
              checks.add(
                  new Check(
                      "nested virtualization",
                      Status.WARN,
                      "metal hosts need no nested-virtualization flag"));
            } else if (!request.nestedVirtualization() && !metal) {
              checks.add(
                  new Check(
                      "nested virtualization",
                      Status.FAIL,
                      request.instanceType() + " is a VM: enable nested virtualization"));
            } else {
              checks.add(new Check("nested virtualization", Status.OK, "allowed"));
            }
          }
          checks.add(
              faults.quotaError()
                  ? new Check(
                      "quota",
                      Status.FAIL,
                      "vCPU quota 0 of fake-central-1 is exhausted; raise it (fake setting"
                          + " quota-error=false)")
                  : new Check("quota", Status.OK, "vCPU quota sufficient"));
          int bytes = request.userDataSize();
          checks.add(
              bytes > MAX_USER_DATA_BYTES
                  ? new Check(
                      "user data",
                      Status.FAIL,
                      bytes + " bytes exceed the limit of " + MAX_USER_DATA_BYTES)
                  : new Check("user data", Status.OK, bytes + " bytes"));
          checks.add(new Check("credentials", Status.OK, "the fake cloud needs none"));
          return new PreflightReport(ID, checks);
        });
  }

  @Override
  public NetworkRef ensureNetwork(NetworkRequest request) {
    Objects.requireNonNull(request.idempotencyKey(), "idempotencyKey");
    return call(
        "ensureNetwork",
        data -> {
          requireRegion(request.region());
          requireLabTag(request.tags());
          String existing = data.idempotency.get(request.idempotencyKey());
          if (existing != null && data.resources.containsKey(existing)) {
            FakeResource net = data.resources.get(existing);
            return networkRef(data, net);
          }
          Instant now = clock.instant();
          FakeResource net = newResource(data, "fake-net-", ResourceKind.NETWORK, request.tags());
          FakeResource fw = newResource(data, "fake-fw-", ResourceKind.FIREWALL, request.tags());
          fw.parentId = net.id;
          net.created = now;
          fw.created = now;
          data.idempotency.put(request.idempotencyKey(), net.id);
          return networkRef(data, net);
        });
  }

  @Override
  public HostRef launchHost(HostRequest request) {
    return call(
        "launchHost",
        data -> {
          String existing = data.idempotency.get(request.idempotencyKey());
          if (existing != null && data.resources.containsKey(existing)) {
            return hostRef(data.resources.get(existing));
          }
          requireRegion(request.region());
          requireLabTag(request.tags());
          snapshots().requireRestorable(data, clock.instant(), request);
          if (FakeCatalog.find(request.instanceType()).isEmpty()) {
            throw error(
                "InvalidParameterValue",
                false,
                "instance type "
                    + request.instanceType()
                    + " is not offered; use one of "
                    + typeNames());
          }
          int bytes = request.userDataSize();
          if (bytes > MAX_USER_DATA_BYTES) {
            throw error(
                "InvalidParameterValue",
                false,
                "user data is " + bytes + " bytes; the limit is " + MAX_USER_DATA_BYTES);
          }
          String networkId =
              request.network() == null ? null : request.network().ids().get("network");
          if (networkId == null || !data.resources.containsKey(networkId)) {
            throw error(
                "InvalidNetwork.NotFound", false, "network " + networkId + " does not exist");
          }
          if (faults.quotaError()) {
            throw new QuotaException(
                ID,
                "VcpuLimitExceeded",
                requestId(),
                "the vCPU quota of " + FakeCatalog.REGION + " is exhausted; raise it",
                null);
          }
          boolean extra = extraCapacityErrors.getAndUpdate(v -> Math.max(0, v - 1)) > 0;
          if (extra || launches.incrementAndGet() <= faults.capacityErrors()) {
            throw new CapacityException(
                ID,
                "InsufficientInstanceCapacity",
                requestId(),
                "no capacity for "
                    + request.instanceType()
                    + " in "
                    + FakeCatalog.REGION
                    + "-a"
                    + " right now; try again later or another type",
                null);
          }
          Instant now = clock.instant();
          FakeResource host = newResource(data, "fake-i-", ResourceKind.INSTANCE, request.tags());
          host.zone = request.zone() == null ? FakeCatalog.REGION + "-a" : request.zone();
          host.instanceType = request.instanceType();
          host.parentId = networkId;
          host.userData = request.userDataCompressed() ? "" : request.userDataText();
          host.state = HostState.PENDING;
          host.stateSince = now;
          host.created = now;
          long n = data.nextId;
          host.privateIp = "10.0." + (n / 250 % 250) + "." + (n % 250 + 2);
          host.publicIp = sshPort > 0 ? "127.0.0.1" : "203.0.113." + (n % 250 + 2);
          installKey(request.sshPublicKey());
          addVolume(data, host, request.bootDiskGib());
          if (request.dataDiskGib() > 0) {
            addVolume(data, host, request.dataDiskGib());
          }
          host.restoredFrom = request.dataDiskSnapshot();
          data.idempotency.put(request.idempotencyKey(), host.id);
          return hostRef(host);
        });
  }

  @Override
  public HostInfo describeHost(HostRef host) {
    return call(
        "describeHost",
        data -> {
          FakeResource r = data.resources.get(host.id());
          if (r == null || r.kind != ResourceKind.INSTANCE) {
            return new HostInfo(host, HostState.NOT_FOUND, null, null, null, Map.of());
          }
          boolean running = r.state == HostState.RUNNING;
          return new HostInfo(
              hostRef(r),
              r.state,
              r.instanceType,
              running ? r.publicIp : null,
              r.state == HostState.TERMINATED ? null : r.privateIp,
              r.tags);
        });
  }

  @Override
  public ConsoleOutput readConsole(HostRef host, long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("console offset must not be negative: " + offset);
    }
    return call(
        "readConsole",
        data -> {
          FakeResource r = instance(data, host);
          String text = r.consoleHistory + currentBoot(r, clock.instant());
          int from = (int) Math.min(offset, text.length());
          return new ConsoleOutput(text.substring(from), text.length());
        });
  }

  @Override
  public void stopHost(HostRef host) {
    call(
        "stopHost",
        data -> {
          FakeResource r = instance(data, host);
          switch (r.state) {
            case RUNNING -> {
              Instant now = clock.instant();
              r.consoleHistory +=
                  currentBoot(r, now) + "fake-cloud: shutting down at " + now + "\n";
              r.bootStartedAt = null;
              setState(r, HostState.STOPPING, now);
            }
            case STOPPING, STOPPED -> {
              // already stopping: nothing to do
            }
            case PENDING ->
                throw error(
                    "IncorrectInstanceState",
                    true,
                    host.id() + " is pending; stop it once running");
            default ->
                throw error(
                    "IncorrectInstanceState",
                    false,
                    host.id() + " is " + r.state + "; cannot stop it");
          }
          return null;
        });
  }

  @Override
  public void startHost(HostRef host) {
    call(
        "startHost",
        data -> {
          FakeResource r = instance(data, host);
          switch (r.state) {
            case STOPPED -> setState(r, HostState.PENDING, clock.instant());
            case PENDING, RUNNING -> {
              // already starting or running
            }
            case STOPPING ->
                throw error(
                    "IncorrectInstanceState",
                    true,
                    host.id() + " is stopping; start it once stopped");
            default ->
                throw error(
                    "IncorrectInstanceState",
                    false,
                    host.id() + " is " + r.state + "; cannot start it");
          }
          return null;
        });
  }

  @Override
  public void terminateHost(HostRef host) {
    call(
        "terminateHost",
        data -> {
          terminate(data, data.resources.get(host.id()));
          return null;
        });
  }

  @Override
  public ImageRef snapshotHost(HostRef host, String name, Map<String, String> tags) {
    return call(
        "snapshotHost",
        data -> {
          FakeResource r = instance(data, host);
          if (r.state == HostState.TERMINATED || r.state == HostState.TERMINATING) {
            throw error("IncorrectInstanceState", false, host.id() + " is " + r.state);
          }
          requireLabTag(tags);
          FakeResource img = newResource(data, "fake-img-", ResourceKind.IMAGE, tags);
          img.parentId = r.id;
          img.created = clock.instant();
          img.instanceType = name;
          return new ImageRef(ID, FakeCatalog.REGION, img.id);
        });
  }

  @Override
  public DiskSnapshot snapshotDataDisk(
      HostRef host, String name, Map<String, String> tags, String idempotencyKey) {
    return call(
        "snapshotDataDisk",
        data -> snapshots().snapshotDataDisk(data, clock.instant(), host, tags, idempotencyKey));
  }

  @Override
  public DiskSnapshot describeSnapshot(String region, String snapshotId) {
    return call(
        "describeSnapshot", data -> snapshots().describe(data, clock.instant(), snapshotId));
  }

  @Override
  public DiskSnapshot copySnapshot(
      DiskSnapshot source, String targetRegion, Map<String, String> tags, String idempotencyKey) {
    return call(
        "copySnapshot",
        data ->
            snapshots().copy(data, clock.instant(), source, targetRegion, tags, idempotencyKey));
  }

  @Override
  public Optional<HostCommands> hostCommands(HostRef host) {
    return Optional.of(new FakeLabPower(this::call, clock, host));
  }

  private FakeSnapshots snapshots() {
    return new FakeSnapshots(ID, FakeCatalog.REGION, transition.multipliedBy(2), this::requestId);
  }

  @Override
  public List<OwnedResource> listOwned(TagFilter filter) {
    return call(
        "listOwned",
        data ->
            data.resources.values().stream()
                .filter(r -> !(r.kind == ResourceKind.INSTANCE && r.state == HostState.TERMINATED))
                .filter(r -> filter.matches(r.tags))
                .map(r -> new OwnedResource(ID, r.region, r.kind, r.id, r.tags))
                .sorted(OwnedResource.DELETION_ORDER)
                .toList());
  }

  @Override
  public void delete(OwnedResource resource) {
    call(
        "delete",
        data -> {
          FakeResource r = data.resources.get(resource.id());
          if (r == null) {
            return null;
          }
          switch (r.kind) {
            case INSTANCE -> terminate(data, r);
            case NETWORK -> {
              List<String> users =
                  data.resources.values().stream()
                      .filter(o -> r.id.equals(o.parentId) && live(o))
                      .map(o -> o.id)
                      .toList();
              if (!users.isEmpty()) {
                throw error(
                    "DependencyViolation",
                    true,
                    "network " + r.id + " is still used by " + String.join(", ", users));
              }
              data.resources.remove(r.id);
            }
            case FIREWALL -> {
              List<String> users =
                  data.resources.values().stream()
                      .filter(
                          o ->
                              o.kind == ResourceKind.INSTANCE
                                  && r.parentId != null
                                  && r.parentId.equals(o.parentId)
                                  && live(o))
                      .map(o -> o.id)
                      .toList();
              if (!users.isEmpty()) {
                throw error(
                    "DependencyViolation",
                    true,
                    "firewall " + r.id + " is still used by " + String.join(", ", users));
              }
              data.resources.remove(r.id);
            }
            case VOLUME -> {
              FakeResource owner = data.resources.get(r.parentId);
              if (owner != null && live(owner)) {
                throw error("VolumeInUse", true, "volume " + r.id + " is attached to " + owner.id);
              }
              data.resources.remove(r.id);
            }
            default -> data.resources.remove(r.id);
          }
          return null;
        });
  }

  @Override
  public void renewLease(OwnedResource resource, Instant leaseUntil) {
    call(
        "renewLease",
        data -> {
          FakeResource r = data.resources.get(resource.id());
          if (r == null || (r.kind == ResourceKind.INSTANCE && r.state == HostState.TERMINATED)) {
            throw error("InvalidResource.NotFound", false, resource.describe() + " does not exist");
          }
          r.tags.put(LabTags.LEASE_UNTIL, LabTags.formatTime(leaseUntil));
          return null;
        });
  }

  @Override
  public void close() {
    // nothing to release: the store holds no open handles between calls
  }

  @Override
  public String toString() {
    return "FakeLabProvider[" + store.describe() + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private <T> T call(String op, Function<CloudData, T> body) {
    if (!latency.isZero()) {
      try {
        Thread.sleep(latency.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(ID, "Interrupted", null, true, false, op + " interrupted", e);
      }
    }
    int n = calls.incrementAndGet();
    if (faults.failCall() == n) {
      throw error("InternalError", true, op + " failed inside the fake cloud (call " + n + ")");
    }
    boolean throttle = throttleNext.getAndSet(false);
    synchronized (random) {
      throttle |= faults.throttleFraction() > 0 && random.nextDouble() < faults.throttleFraction();
    }
    if (throttle) {
      throw new ProviderException(
          ID,
          "RequestLimitExceeded",
          requestId(),
          true,
          true,
          op + ": request rate exceeded",
          null);
    }
    return store.apply(
        data -> {
          settle(data, clock.instant());
          return body.apply(data);
        });
  }

  private void settle(CloudData data, Instant now) {
    List<String> gone = new ArrayList<>();
    for (FakeResource r : data.resources.values()) {
      if (r.kind != ResourceKind.INSTANCE || r.stateSince == null) {
        continue;
      }
      Instant due = r.stateSince.plus(transition);
      if (now.isBefore(due)) {
        continue;
      }
      switch (r.state) {
        case PENDING -> {
          setState(r, HostState.RUNNING, due);
          r.bootStartedAt = due;
        }
        case STOPPING -> setState(r, HostState.STOPPED, due);
        case TERMINATING -> {
          setState(r, HostState.TERMINATED, due);
          data.resources.values().stream()
              .filter(v -> v.kind == ResourceKind.VOLUME && r.id.equals(v.parentId))
              .forEach(v -> gone.add(v.id));
        }
        default -> {
          // stable state
        }
      }
    }
    gone.forEach(data.resources::remove);
  }

  private void terminate(CloudData data, FakeResource r) {
    if (r == null || r.kind != ResourceKind.INSTANCE) {
      return;
    }
    if (r.state == HostState.TERMINATING || r.state == HostState.TERMINATED) {
      return;
    }
    Instant now = clock.instant();
    if (r.bootStartedAt != null) {
      r.consoleHistory += currentBoot(r, now);
      r.bootStartedAt = null;
    }
    setState(r, HostState.TERMINATING, now);
  }

  private static void setState(FakeResource r, HostState s, Instant since) {
    r.state = s;
    r.stateSince = since;
  }

  private static boolean live(FakeResource r) {
    return r.kind != ResourceKind.INSTANCE || r.state != HostState.TERMINATED;
  }

  private String currentBoot(FakeResource r, Instant now) {
    if (r.bootStartedAt == null) {
      return "";
    }
    List<String> hosts = List.of("esx-01");
    Matcher m = HOSTS.matcher(r.userData == null ? "" : r.userData);
    if (m.find()) {
      hosts = List.of(m.group(1).split(","));
    }
    StringBuilder out = new StringBuilder();
    Instant b = r.bootStartedAt;
    out.append("fake-cloud: ")
        .append(r.id)
        .append(" (")
        .append(r.instanceType)
        .append(") booting\n")
        .append(bootConsole);
    int step = 0;
    for (String phase : r.restoredFrom == null ? bootPhases() : restorePhases()) {
      List<String> targets =
          phase.equals("esxi") ? hosts : java.util.Collections.singletonList(null);
      for (String host : targets) {
        Instant start = b.plus(bootPhase.multipliedBy(step));
        Instant end = start.plus(bootPhase);
        if (!now.isBefore(start)) {
          out.append(line(phase, host, "start", start));
        }
        boolean fail = phase.equals(faults.failBootPhase());
        if (!now.isBefore(end)) {
          out.append(line(phase, host, fail ? "failed" : "done", end));
        }
        if (fail || now.isBefore(end)) {
          return out.toString();
        }
        step++;
      }
    }
    out.append(line("ready", null, "done", b.plus(bootPhase.multipliedBy(step))));
    return out.toString();
  }

  private static String line(String phase, String host, String status, Instant t) {
    return "NESTLAB phase="
        + phase
        + (host == null ? "" : " host=" + host)
        + " status="
        + status
        + " t="
        + t
        + "\n";
  }

  private FakeResource newResource(
      CloudData data, String prefix, ResourceKind kind, Map<String, String> tags) {
    FakeResource r = new FakeResource();
    r.id = data.newId(prefix);
    r.kind = kind;
    r.region = FakeCatalog.REGION;
    r.tags = new LinkedHashMap<>(tags);
    data.resources.put(r.id, r);
    return r;
  }

  private void addVolume(CloudData data, FakeResource host, int gib) {
    FakeResource v = newResource(data, "fake-vol-", ResourceKind.VOLUME, host.tags);
    v.parentId = host.id;
    v.created = host.created;
    v.instanceType = gib + "GiB";
  }

  private FakeResource instance(CloudData data, HostRef host) {
    FakeResource r = data.resources.get(host.id());
    if (r == null || r.kind != ResourceKind.INSTANCE) {
      throw error("InvalidInstanceID.NotFound", false, "instance " + host.id() + " does not exist");
    }
    return r;
  }

  private static NetworkRef networkRef(CloudData data, FakeResource net) {
    String fw =
        data.resources.values().stream()
            .filter(r -> r.kind == ResourceKind.FIREWALL && net.id.equals(r.parentId))
            .map(r -> r.id)
            .findFirst()
            .orElse("");
    return new NetworkRef(ID, net.region, Map.of("network", net.id, "firewall", fw));
  }

  private static HostRef hostRef(FakeResource r) {
    return new HostRef(ID, r.region, r.zone, r.id);
  }

  private void requireRegion(String region) {
    if (region != null && !region.equals(FakeCatalog.REGION)) {
      throw error(
          "InvalidRegion",
          false,
          "region " + region + " does not exist; the fake cloud has only " + FakeCatalog.REGION);
    }
  }

  private static Check regionCheck(String region) {
    return region == null || region.equals(FakeCatalog.REGION)
        ? new Check("region", Status.OK, FakeCatalog.REGION)
        : new Check("region", Status.FAIL, region + " does not exist; use " + FakeCatalog.REGION);
  }

  private void requireLabTag(Map<String, String> tags) {
    if (!tags.containsKey(LabTags.LAB)) {
      throw error(
          "MissingTag",
          false,
          "every resource needs the " + LabTags.LAB + " tag; the request had " + tags.keySet());
    }
  }

  private static String typeNames() {
    return FakeCatalog.instanceTypes().stream()
        .map(FakeCatalog.FakeInstanceType::name)
        .collect(Collectors.joining(", "));
  }

  private String requestId() {
    return "fake-req-" + calls.get();
  }

  private ProviderException error(String code, boolean retryable, String message) {
    return new ProviderException(ID, code, requestId(), retryable, false, message, null);
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

    private Builder() {}

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
