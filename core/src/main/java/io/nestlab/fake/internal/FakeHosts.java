package io.nestlab.fake.internal;

import io.nestlab.CapacityException;
import io.nestlab.QuotaException;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.ImageRef;
import io.nestlab.spi.ResourceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake cloud's hosts: launch (idempotent), describe, console, stop, start, terminate, image.
 */
public final class FakeHosts {
  private final FakeCloud cloud;
  private final int maxUserDataBytes;
  private final int sshPort;
  private final Path authorizedKeys;
  private final AtomicInteger launches = new AtomicInteger();
  private final AtomicInteger extraCapacityErrors = new AtomicInteger();

  /**
   * @param sshPort the stand-in SSH server's port, or 0: hosts then report a documentation address
   * @param authorizedKeys where a launch installs the lab's public key, or null
   */
  public FakeHosts(FakeCloud cloud, int maxUserDataBytes, int sshPort, Path authorizedKeys) {
    this.cloud = cloud;
    this.maxUserDataBytes = maxUserDataBytes;
    this.sshPort = sshPort;
    this.authorizedKeys = authorizedKeys;
  }

  /** Makes the next launch fail for lack of capacity (on top of the configured faults). */
  public void failNextLaunchForCapacity() {
    extraCapacityErrors.incrementAndGet();
  }

  public HostRef launch(HostRequest request) {
    return cloud.call(
        "launchHost",
        data -> {
          String existing = data.idempotency.get(request.idempotencyKey());
          if (existing != null && data.resources.containsKey(existing)) {
            return FakeCloud.hostRef(data.resources.get(existing));
          }
          String networkId = checkLaunch(data, request);
          Instant now = cloud.clock().instant();
          FakeResource host =
              cloud.newResource(data, "fake-i-", ResourceKind.INSTANCE, request.tags());
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
          return FakeCloud.hostRef(host);
        });
  }

  /** Refuses a launch the cloud would refuse; returns the id of the network the host joins. */
  private String checkLaunch(CloudData data, HostRequest request) {
    cloud.requireRegion(request.region());
    cloud.requireLabTag(request.tags());
    cloud.snapshots().requireRestorable(data, cloud.clock().instant(), request);
    if (FakeCatalog.find(request.instanceType()).isEmpty()) {
      throw cloud.error(
          "InvalidParameterValue",
          false,
          "instance type "
              + request.instanceType()
              + " is not offered; use one of "
              + FakeCloud.typeNames());
    }
    int bytes = request.userDataSize();
    if (bytes > maxUserDataBytes) {
      throw cloud.error(
          "InvalidParameterValue",
          false,
          "user data is " + bytes + " bytes; the limit is " + maxUserDataBytes);
    }
    String networkId = request.network() == null ? null : request.network().ids().get("network");
    if (networkId == null || !data.resources.containsKey(networkId)) {
      throw cloud.error(
          "InvalidNetwork.NotFound", false, "network " + networkId + " does not exist");
    }
    if (cloud.faults().quotaError()) {
      throw new QuotaException(
          FakeCloud.ID,
          "VcpuLimitExceeded",
          cloud.requestId(),
          "the vCPU quota of " + FakeCatalog.REGION + " is exhausted; raise it",
          null);
    }
    boolean extra = extraCapacityErrors.getAndUpdate(v -> Math.max(0, v - 1)) > 0;
    if (extra || launches.incrementAndGet() <= cloud.faults().capacityErrors()) {
      throw new CapacityException(
          FakeCloud.ID,
          "InsufficientInstanceCapacity",
          cloud.requestId(),
          "no capacity for "
              + request.instanceType()
              + " in "
              + FakeCatalog.REGION
              + "-a"
              + " right now; try again later or another type",
          null);
    }
    return networkId;
  }

  public HostInfo describe(HostRef host) {
    return cloud.call(
        "describeHost",
        data -> {
          FakeResource r = data.resources.get(host.id());
          if (r == null || r.kind != ResourceKind.INSTANCE) {
            return new HostInfo(host, HostState.NOT_FOUND, null, null, null, Map.of());
          }
          boolean running = r.state == HostState.RUNNING;
          return new HostInfo(
              FakeCloud.hostRef(r),
              r.state,
              r.instanceType,
              running ? r.publicIp : null,
              r.state == HostState.TERMINATED ? null : r.privateIp,
              r.tags);
        });
  }

  public ConsoleOutput readConsole(HostRef host, long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("console offset must not be negative: " + offset);
    }
    return cloud.call(
        "readConsole",
        data -> {
          FakeResource r = cloud.instance(data, host);
          String text = r.consoleHistory + cloud.console().currentBoot(r, cloud.clock().instant());
          int from = (int) Math.min(offset, text.length());
          return new ConsoleOutput(text.substring(from), text.length());
        });
  }

  public void stop(HostRef host) {
    cloud.call(
        "stopHost",
        data -> {
          FakeResource r = cloud.instance(data, host);
          switch (r.state) {
            case RUNNING -> {
              Instant now = cloud.clock().instant();
              r.consoleHistory +=
                  cloud.console().currentBoot(r, now)
                      + "fake-cloud: shutting down at "
                      + now
                      + "\n";
              r.bootStartedAt = null;
              FakeCloud.setState(r, HostState.STOPPING, now);
            }
            case STOPPING, STOPPED -> {
              // already stopping: nothing to do
            }
            case PENDING ->
                throw cloud.error(
                    "IncorrectInstanceState",
                    true,
                    host.id() + " is pending; stop it once running");
            default ->
                throw cloud.error(
                    "IncorrectInstanceState",
                    false,
                    host.id() + " is " + r.state + "; cannot stop it");
          }
          return null;
        });
  }

  public void start(HostRef host) {
    cloud.call(
        "startHost",
        data -> {
          FakeResource r = cloud.instance(data, host);
          switch (r.state) {
            case STOPPED -> FakeCloud.setState(r, HostState.PENDING, cloud.clock().instant());
            case PENDING, RUNNING -> {
              // already starting or running
            }
            case STOPPING ->
                throw cloud.error(
                    "IncorrectInstanceState",
                    true,
                    host.id() + " is stopping; start it once stopped");
            default ->
                throw cloud.error(
                    "IncorrectInstanceState",
                    false,
                    host.id() + " is " + r.state + "; cannot start it");
          }
          return null;
        });
  }

  public void terminate(HostRef host) {
    cloud.call(
        "terminateHost",
        data -> {
          cloud.terminate(data, data.resources.get(host.id()));
          return null;
        });
  }

  public ImageRef snapshot(HostRef host, String name, Map<String, String> tags) {
    return cloud.call(
        "snapshotHost",
        data -> {
          FakeResource r = cloud.instance(data, host);
          if (r.state == HostState.TERMINATED || r.state == HostState.TERMINATING) {
            throw cloud.error("IncorrectInstanceState", false, host.id() + " is " + r.state);
          }
          cloud.requireLabTag(tags);
          FakeResource img = cloud.newResource(data, "fake-img-", ResourceKind.IMAGE, tags);
          img.parentId = r.id;
          img.created = cloud.clock().instant();
          img.instanceType = name;
          return new ImageRef(FakeCloud.ID, FakeCatalog.REGION, img.id);
        });
  }

  private void installKey(String publicKey) {
    if (authorizedKeys == null || publicKey == null || publicKey.isBlank()) {
      return;
    }
    try {
      Files.writeString(
          authorizedKeys,
          publicKey.strip() + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("cannot install the lab's key in " + authorizedKeys, e);
    }
  }

  private void addVolume(CloudData data, FakeResource host, int gib) {
    FakeResource v = cloud.newResource(data, "fake-vol-", ResourceKind.VOLUME, host.tags);
    v.parentId = host.id;
    v.created = host.created;
    v.instanceType = gib + "GiB";
  }
}
