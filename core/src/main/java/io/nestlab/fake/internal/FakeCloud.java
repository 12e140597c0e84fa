package io.nestlab.fake.internal;

import io.nestlab.ProviderException;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeFaults;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.ResourceKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fake cloud's API gateway and state machine, shared by the per-concern classes ({@link
 * FakeHosts}, {@link FakeNetworks}, {@link FakeInventory}, {@link FakePreflight}): every call goes
 * through {@link #call}, which adds latency, injects the configured faults, and lets hosts move on
 * to their next state as the clock passes before the call sees the cloud.
 */
public final class FakeCloud {
  /** The provider id the fake's resources and errors carry. */
  public static final String ID = "fake";

  private final CloudStore store;
  private final Clock clock;
  private final Duration latency;
  private final Duration transition;
  private final FakeFaults faults;
  private final FakeConsole console;
  private final Random random;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicBoolean throttleNext = new AtomicBoolean();

  /**
   * @param latency real time every call takes
   * @param transition clock time a host spends pending, stopping or terminating
   * @param random the faults' source of randomness (seeded for repeatable runs)
   */
  public FakeCloud(
      CloudStore store,
      Clock clock,
      Duration latency,
      Duration transition,
      FakeFaults faults,
      Random random,
      FakeConsole console) {
    this.store = store;
    this.clock = clock;
    this.latency = latency;
    this.transition = transition;
    this.faults = faults;
    this.console = console;
    this.random = random;
  }

  public Clock clock() {
    return clock;
  }

  public FakeFaults faults() {
    return faults;
  }

  public FakeConsole console() {
    return console;
  }

  /** The cloud's disk snapshots: ready after twice a host transition of the clock. */
  public FakeSnapshots snapshots() {
    return new FakeSnapshots(ID, FakeCatalog.REGION, transition.multipliedBy(2), this::requestId);
  }

  /** {@code memory} or the directory the cloud lives in. */
  public String describe() {
    return store.describe();
  }

  /** Makes the next API call be refused as throttled. */
  public void throttleNextCall() {
    throttleNext.set(true);
  }

  /** How many API calls the cloud has served or refused so far. */
  public int callCount() {
    return calls.get();
  }

  /**
   * Runs one API call: latency, injected faults, then {@code body} on the settled cloud data, in
   * one transaction of the store.
   */
  public <T> T call(String op, Function<CloudData, T> body) {
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

  /** Moves every host whose transition is over to its next state. */
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

  /** Starts terminating a host (idempotent; anything but a host is ignored). */
  public void terminate(CloudData data, FakeResource r) {
    if (r == null || r.kind != ResourceKind.INSTANCE) {
      return;
    }
    if (r.state == HostState.TERMINATING || r.state == HostState.TERMINATED) {
      return;
    }
    Instant now = clock.instant();
    if (r.bootStartedAt != null) {
      r.consoleHistory += console.currentBoot(r, now);
      r.bootStartedAt = null;
    }
    setState(r, HostState.TERMINATING, now);
  }

  public static void setState(FakeResource r, HostState s, Instant since) {
    r.state = s;
    r.stateSince = since;
  }

  /** Whether a resource still exists: anything but a terminated host. */
  public static boolean live(FakeResource r) {
    return r.kind != ResourceKind.INSTANCE || r.state != HostState.TERMINATED;
  }

  public FakeResource newResource(
      CloudData data, String prefix, ResourceKind kind, Map<String, String> tags) {
    FakeResource r = new FakeResource();
    r.id = data.newId(prefix);
    r.kind = kind;
    r.region = FakeCatalog.REGION;
    r.tags = new LinkedHashMap<>(tags);
    data.resources.put(r.id, r);
    return r;
  }

  /** The host {@code host} names, or a not-found error. */
  public FakeResource instance(CloudData data, HostRef host) {
    FakeResource r = data.resources.get(host.id());
    if (r == null || r.kind != ResourceKind.INSTANCE) {
      throw error("InvalidInstanceID.NotFound", false, "instance " + host.id() + " does not exist");
    }
    return r;
  }

  public static HostRef hostRef(FakeResource r) {
    return new HostRef(ID, r.region, r.zone, r.id);
  }

  public void requireRegion(String region) {
    if (region != null && !region.equals(FakeCatalog.REGION)) {
      throw error(
          "InvalidRegion",
          false,
          "region " + region + " does not exist; the fake cloud has only " + FakeCatalog.REGION);
    }
  }

  public void requireLabTag(Map<String, String> tags) {
    if (!tags.containsKey(LabTags.LAB)) {
      throw error(
          "MissingTag",
          false,
          "every resource needs the " + LabTags.LAB + " tag; the request had " + tags.keySet());
    }
  }

  public static String typeNames() {
    return FakeCatalog.instanceTypes().stream()
        .map(FakeCatalog.FakeInstanceType::name)
        .collect(Collectors.joining(", "));
  }

  public String requestId() {
    return "fake-req-" + calls.get();
  }

  public ProviderException error(String code, boolean retryable, String message) {
    return new ProviderException(ID, code, requestId(), retryable, false, message, null);
  }
}
