package io.nestlab.spi.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nestlab.CapacityException;
import io.nestlab.NestLab;
import io.nestlab.ProviderException;
import io.nestlab.access.SshKeyPair;
import io.nestlab.catalog.Market;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link LabProvider} keeps, run against the fake and against each provider's
 * test peer (moto, the Compute Engine test server). Extend it, implement {@link #createProvider()},
 * {@link #region()} and {@link #instanceType()}, and override the hooks for what your peer cannot
 * do (they default to "cannot", which skips the test that needs them).
 *
 * <p>Each test uses its own lab id, and everything it creates is deleted afterwards (bounded), so
 * the suite can share one long-running peer.
 */
public abstract class LabProviderContract {
  /**
   * A real OpenSSH Ed25519 public key line, generated once per run: clouds check the format (EC2's
   * ImportKeyPair refuses a made-up key).
   */
  protected static final String SSH_PUBLIC_KEY =
      SshKeyPair.generate("nestlab-contract").publicKeyLine();

  /** The provider under test; created before each test, closed after it. */
  protected LabProvider provider;

  private final List<String> labs = new ArrayList<>();

  /** Creates the provider under test, pointed at the peer. Called once per test. */
  protected abstract LabProvider createProvider();

  /** A region the peer serves. */
  protected abstract String region();

  /** An instance type the peer accepts for an L1 host. */
  protected abstract String instanceType();

  /** Whether {@link #instanceType()} is a VM that needs the nested-virtualization flag. */
  protected boolean nestedVirtualization() {
    return true;
  }

  /** An id of a host that does not exist, in the provider's id format. */
  protected String unknownHostId() {
    return "i-0123456789abcdef0";
  }

  /** How long a host may take to reach a state on the peer. */
  protected Duration stateTimeout() {
    return Duration.ofSeconds(60);
  }

  /** Lets time pass between polls; a fake on a deterministic clock advances it instead. */
  protected void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Makes the next launch fail for lack of capacity, if the peer can; return false when it cannot
   * (the capacity test is then skipped).
   */
  protected boolean injectCapacityErrorOnNextLaunch() {
    return false;
  }

  /**
   * Makes the next call be refused as throttled, if the peer can; return false when it cannot (the
   * throttling test is then skipped).
   */
  protected boolean injectThrottlingOnNextCall() {
    return false;
  }

  /** Whether the peer serves console output for hosts. */
  protected boolean consoleSupported() {
    return true;
  }

  @BeforeEach
  final void openProvider() {
    provider = createProvider();
    assertNotNull(provider, "createProvider() returned null");
  }

  @AfterEach
  final void cleanUpAndClose() {
    try {
      for (String lab : labs) {
        deleteEverything(lab);
      }
    } finally {
      provider.close();
    }
  }

  // ----------------------------------------------------------------------------------- helpers

  /** A fresh lab id for this test, cleaned up afterwards. */
  protected String newLab() {
    String lab = "ct-" + UUID.randomUUID().toString().substring(0, 8);
    labs.add(lab);
    return lab;
  }

  protected Map<String, String> tags(String lab) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new LabTags(lab, "contract-suite", now, now.plus(Duration.ofHours(1)), NestLab.version())
        .toMap();
  }

  protected NetworkRef network(String lab) {
    return provider.ensureNetwork(
        new NetworkRequest(lab, region(), List.of("192.0.2.10/32"), tags(lab), lab + "-net"));
  }

  protected HostRequest hostRequest(String lab, NetworkRef network, String key) {
    return new HostRequest(
        lab,
        region(),
        null,
        instanceType(),
        Market.ON_DEMAND,
        nestedVirtualization(),
        30,
        0,
        "#!/bin/sh\necho contract-suite\n",
        SSH_PUBLIC_KEY,
        tags(lab),
        network,
        null,
        key);
  }

  /** Polls until the host is in {@code want}; fails after {@link #stateTimeout()}. */
  protected HostInfo awaitState(HostRef host, HostState... want) {
    Set<HostState> states = Set.of(want);
    Instant deadline = Instant.now().plus(stateTimeout());
    int polls = 0;
    HostInfo info = provider.describeHost(host);
    while (!states.contains(info.state())) {
      if (Instant.now().isAfter(deadline) || ++polls > 10_000) {
        throw new AssertionError(
            host.id() + " stayed " + info.state() + "; expected one of " + states);
      }
      pause(Duration.ofMillis(250));
      info = provider.describeHost(host);
    }
    return info;
  }

  /** Repeats {@code action} while it fails with a retryable provider error, bounded. */
  protected <T> T retrying(Supplier<T> action) {
    Instant deadline = Instant.now().plus(stateTimeout());
    for (int i = 0; ; i++) {
      try {
        return action.get();
      } catch (ProviderException e) {
        if (!e.retryable() || Instant.now().isAfter(deadline) || i > 10_000) {
          throw e;
        }
        pause(Duration.ofMillis(250));
      }
    }
  }

  private void deleteEverything(String lab) {
    deleteAll(TagFilter.lab(lab));
  }

  /** Deletes what {@code filter} lists, round after round, until nothing is left (bounded). */
  protected void deleteAll(TagFilter filter) {
    for (int round = 0; round < 200; round++) {
      List<OwnedResource> left;
      try {
        left = provider.listOwned(filter);
      } catch (ProviderException e) {
        pause(Duration.ofMillis(250));
        continue;
      }
      if (left.isEmpty()) {
        return;
      }
      for (OwnedResource r : left) {
        try {
          provider.delete(r);
        } catch (ProviderException e) {
          // dependants still going away; next round
        }
      }
      pause(Duration.ofMillis(250));
    }
  }

  private List<OwnedResource> instancesOf(String lab) {
    return provider.listOwned(TagFilter.lab(lab)).stream()
        .filter(r -> r.kind() == ResourceKind.INSTANCE)
        .toList();
  }

  // ------------------------------------------------------------------------------------- tests

  @Test
  void providerIdIsStableAndCapabilitiesAreSane() {
    assertFalse(provider.id().isBlank(), "id()");
    assertTrue(provider.capabilities().maxUserDataBytes() >= 1024, "maxUserDataBytes");
  }

  @Test
  void launchedHostCarriesItsTagsAndReachesRunning() {
    String lab = newLab();
    HostRef host = provider.launchHost(hostRequest(lab, network(lab), lab + "-host"));
    assertEquals(provider.id(), host.provider());
    HostInfo info = awaitState(host, HostState.RUNNING);
    assertEquals(instanceType(), info.instanceType());
    assertEquals(lab, info.tags().get(LabTags.LAB));
    for (String key : tags(lab).keySet()) {
      assertTrue(info.tags().containsKey(key), "host lacks tag " + key + ": " + info.tags());
    }
  }

  @Test
  void launchWithTheSameIdempotencyKeyReturnsTheSameHost() {
    String lab = newLab();
    NetworkRef net = network(lab);
    HostRef first = provider.launchHost(hostRequest(lab, net, lab + "-host"));
    HostRef again = provider.launchHost(hostRequest(lab, net, lab + "-host"));
    assertEquals(first.id(), again.id());
    assertEquals(1, instancesOf(lab).size(), "one key must launch one host");
  }

  @Test
  void ensureNetworkWithTheSameKeyReturnsTheSameNetwork() {
    String lab = newLab();
    NetworkRef first = network(lab);
    NetworkRef again = network(lab);
    assertEquals(first.ids(), again.ids());
    long networks =
        provider.listOwned(TagFilter.lab(lab)).stream()
            .filter(r -> r.kind() == ResourceKind.NETWORK)
            .count();
    assertTrue(networks <= 1, "one key must make at most one network; found " + networks);
  }

  @Test
  void hostStopsAndStartsAgain() {
    assumeTrue(provider.capabilities().stopStart(), "provider cannot stop and start hosts");
    String lab = newLab();
    HostRef host = provider.launchHost(hostRequest(lab, network(lab), lab + "-host"));
    awaitState(host, HostState.RUNNING);
    retrying(
        () -> {
          provider.stopHost(host);
          return null;
        });
    awaitState(host, HostState.STOPPED);
    retrying(
        () -> {
          provider.startHost(host);
          return null;
        });
    awaitState(host, HostState.RUNNING);
  }

  @Test
  void terminateIsIdempotentAndTheHostLeavesTheListing() {
    String lab = newLab();
    HostRef host = provider.launchHost(hostRequest(lab, network(lab), lab + "-host"));
    provider.terminateHost(host);
    provider.terminateHost(host);
    awaitState(host, HostState.TERMINATED, HostState.NOT_FOUND);
    assertEquals(List.of(), instancesOf(lab), "a terminated host must not be listed as owned");
  }

  @Test
  void unknownHostsAreNotFoundAndTerminatingThemSucceeds() {
    HostRef ghost = new HostRef(provider.id(), region(), null, unknownHostId());
    assertEquals(HostState.NOT_FOUND, provider.describeHost(ghost).state());
    provider.terminateHost(ghost);
  }

  @Test
  void stoppingAnUnknownHostIsAProviderError() {
    HostRef ghost = new HostRef(provider.id(), region(), null, unknownHostId());
    ProviderException e = assertThrows(ProviderException.class, () -> provider.stopHost(ghost));
    assertEquals(provider.id(), e.provider());
    assertNotNull(e.code(), "a provider error carries the provider's code");
    assertFalse(e.retryable(), "a missing host does not appear by retrying");
  }

  @Test
  void listingSelectsByTagAndOrdersForDeletion() {
    String a = newLab();
    String b = newLab();
    provider.launchHost(hostRequest(a, network(a), a + "-host"));
    provider.launchHost(hostRequest(b, network(b), b + "-host"));
    List<OwnedResource> ofA = provider.listOwned(TagFilter.lab(a));
    assertFalse(ofA.isEmpty());
    assertTrue(
        ofA.stream().allMatch(r -> a.equals(r.tags().get(LabTags.LAB))),
        "lab filter leaked other labs: " + ofA);
    assertTrue(ofA.stream().anyMatch(r -> r.kind() == ResourceKind.INSTANCE));
    List<OwnedResource> sorted = new ArrayList<>(ofA);
    sorted.sort(java.util.Comparator.comparing(OwnedResource::kind));
    assertEquals(
        sorted.stream().map(OwnedResource::kind).toList(),
        ofA.stream().map(OwnedResource::kind).toList(),
        "listOwned must return resources in deletion order");
    Set<String> labsSeen = new java.util.HashSet<>();
    provider.listOwned(TagFilter.anyLab()).forEach(r -> labsSeen.add(r.tags().get(LabTags.LAB)));
    assertTrue(labsSeen.containsAll(Set.of(a, b)), "anyLab() must list both labs: " + labsSeen);
  }

  @Test
  void deletingInListedOrderLeavesNothingAndRepeatsSafely() {
    String lab = newLab();
    HostRef host = provider.launchHost(hostRequest(lab, network(lab), lab + "-host"));
    awaitState(host, HostState.RUNNING);
    List<OwnedResource> all = provider.listOwned(TagFilter.lab(lab));
    for (OwnedResource r : all) {
      retrying(
          () -> {
            provider.delete(r);
            if (r.kind() == ResourceKind.INSTANCE) {
              awaitState(host, HostState.TERMINATED, HostState.NOT_FOUND);
            }
            return null;
          });
    }
    List<OwnedResource> left = retrying(() -> provider.listOwned(TagFilter.lab(lab)));
    // Volumes deleted with their instance may take a moment to disappear.
    Instant deadline = Instant.now().plus(stateTimeout());
    while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
      pause(Duration.ofMillis(250));
      left = provider.listOwned(TagFilter.lab(lab));
    }
    assertEquals(List.of(), left, "resources left after deleting everything listed");
    for (OwnedResource r : all) {
      provider.delete(r); // deleting what is gone succeeds
    }
  }

  @Test
  void preflightCreatesNothing() {
    String lab = newLab();
    HostRequest request = hostRequest(lab, null, lab + "-host");
    PreflightReport report = provider.preflight(request);
    assertEquals(provider.id(), report.provider());
    assertFalse(report.checks().isEmpty(), "preflight must say what it checked");
    assertEquals(List.of(), provider.listOwned(TagFilter.lab(lab)));
  }

  @Test
  void renewingTheLeaseMovesTheTag() {
    String lab = newLab();
    provider.launchHost(hostRequest(lab, network(lab), lab + "-host"));
    Instant until = Instant.parse("2031-01-02T03:04:05Z");
    for (OwnedResource r : provider.listOwned(TagFilter.lab(lab))) {
      provider.renewLease(r, until);
    }
    Map<String, String> want = new HashMap<>();
    want.put(LabTags.LAB, lab);
    want.put(LabTags.LEASE_UNTIL, LabTags.formatTime(until));
    List<OwnedResource> renewed = provider.listOwned(new TagFilter(want));
    assertEquals(provider.listOwned(TagFilter.lab(lab)).size(), renewed.size());
    assertFalse(renewed.isEmpty());
  }

  @Test
  void consoleOffsetsNeverRepeatText() {
    assumeTrue(consoleSupported(), "peer serves no console output");
    String lab = newLab();
    HostRef host = provider.launchHost(hostRequest(lab, network(lab), lab + "-host"));
    awaitState(host, HostState.RUNNING);
    ConsoleOutput first = provider.readConsole(host, 0);
    assertTrue(first.nextOffset() >= first.text().length());
    ConsoleOutput next = provider.readConsole(host, first.nextOffset());
    assertTrue(next.nextOffset() >= first.nextOffset(), "offsets never go back");
  }

  @Test
  void capacityErrorsArriveAsRetryableCapacityExceptions() {
    String lab = newLab();
    NetworkRef net = network(lab);
    assumeTrue(injectCapacityErrorOnNextLaunch(), "peer cannot simulate a capacity shortage");
    CapacityException e =
        assertThrows(
            CapacityException.class,
            () -> provider.launchHost(hostRequest(lab, net, lab + "-host")));
    assertEquals(provider.id(), e.provider());
    assertTrue(e.retryable());
    assertNotNull(e.code());
    assertEquals(List.of(), instancesOf(lab), "a refused launch must create no host");
  }

  @Test
  void throttlingArrivesAsAThrottledRetryableProviderException() {
    assumeTrue(injectThrottlingOnNextCall(), "peer cannot simulate throttling");
    ProviderException e =
        assertThrows(ProviderException.class, () -> provider.listOwned(TagFilter.anyLab()));
    assertTrue(e.throttled(), "throttled()");
    assertTrue(e.retryable(), "retryable()");
    assertEquals(provider.id(), e.provider());
  }
}
