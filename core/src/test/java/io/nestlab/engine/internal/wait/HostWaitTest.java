package io.nestlab.engine.internal.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabException;
import io.nestlab.NestLabTimeoutException;
import io.nestlab.engine.ForwardingProvider;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.EngineFixture;
import io.nestlab.fake.FakeFaults;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostWaitTest {
  static final HostRef HOST = new HostRef("fake", "region-1", "zone-a", "i-1");

  @TempDir Path dir;
  final List<HostState> asked = new ArrayList<>();

  /**
   * A provider whose host goes through {@code states}, one per describe, then stays in the last.
   */
  private LabProvider host(EngineFixture f, HostState... states) {
    List<HostState> left = new ArrayList<>(List.of(states));
    return new ForwardingProvider(f.fake(FakeFaults.none())) {
      @Override
      public HostInfo describeHost(HostRef host) {
        HostState s = left.size() > 1 ? left.remove(0) : left.get(0);
        asked.add(s);
        return new HostInfo(
            host, s, "t", s == HostState.RUNNING ? "192.0.2.7" : null, null, Map.of());
      }
    };
  }

  @Test
  void pollsUntilASuccessStateAndReturnsWhatTheProviderSaid() {
    EngineFixture f = new EngineFixture(dir);
    LabProvider p = host(f, HostState.PENDING, HostState.PENDING, HostState.RUNNING);
    EngineContext ctx = f.context(p);

    HostInfo info = HostWait.forState(HostState.RUNNING).await(ctx, p, HOST, Duration.ofMinutes(1));

    assertEquals("192.0.2.7", info.publicIp());
    assertEquals(List.of(HostState.PENDING, HostState.PENDING, HostState.RUNNING), asked);
  }

  @Test
  void aFailureStateEndsTheWaitAtOnce() {
    EngineFixture f = new EngineFixture(dir);
    LabProvider p = host(f, HostState.PENDING, HostState.TERMINATED, HostState.RUNNING);
    EngineContext ctx = f.context(p);

    NestLabException e =
        assertThrows(
            NestLabException.class,
            () -> HostWait.forState(HostState.RUNNING).await(ctx, p, HOST, Duration.ofMinutes(1)));

    assertTrue(e.getMessage().contains("i-1 is TERMINATED"), e.getMessage());
    assertEquals(2, asked.size(), "no poll after the failure state");
  }

  @Test
  void theTimeoutNamesTheStateTheHostIsIn() {
    EngineFixture f = new EngineFixture(dir);
    LabProvider p = host(f, HostState.STOPPING);
    EngineContext ctx = f.context(p);

    NestLabTimeoutException e =
        assertThrows(
            NestLabTimeoutException.class,
            () -> HostWait.forState(HostState.STOPPED).await(ctx, p, HOST, Duration.ofSeconds(10)));

    assertTrue(e.getMessage().contains("(it is STOPPING)"), e.getMessage());
  }

  @Test
  void aStateCannotBeBothSuccessAndFailure() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new HostWait(EnumSet.of(HostState.STOPPED), EnumSet.of(HostState.STOPPED)));
    assertEquals(
        EnumSet.of(HostState.NOT_FOUND), HostWait.forState(HostState.TERMINATED).failure());
  }
}
