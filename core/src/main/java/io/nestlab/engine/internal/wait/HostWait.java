package io.nestlab.engine.internal.wait;

import io.nestlab.NestLabException;
import io.nestlab.NestLabTimeoutException;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.Retrier;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A bounded wait for a host state, like the SDK waiters: polls {@code describeHost} until the host
 * is in a {@code success} state (returned), in a {@code failure} state (thrown at once) or the
 * timeout passes (thrown, naming the state it is in). Any other state is polled again.
 *
 * @param success the states that end the wait
 * @param failure the states from which the host can no longer reach a success state
 */
public record HostWait(Set<HostState> success, Set<HostState> failure) {
  public HostWait {
    success = Set.copyOf(success);
    failure = Set.copyOf(failure);
    if (success.isEmpty()) {
      throw new IllegalArgumentException("a wait needs at least one state to wait for");
    }
    for (HostState s : success) {
      if (failure.contains(s)) {
        throw new IllegalArgumentException(s + " cannot be both success and failure");
      }
    }
  }

  /** Waits for {@code want}; a terminated or vanished host fails the wait. */
  public static HostWait forState(HostState want) {
    EnumSet<HostState> gone = EnumSet.of(HostState.TERMINATED, HostState.NOT_FOUND);
    gone.remove(want);
    return new HostWait(EnumSet.of(want), gone);
  }

  /** Waits up to {@code timeout}, polling every {@code ctx}'s poll interval. */
  public HostInfo await(EngineContext ctx, LabProvider provider, HostRef host, Duration timeout) {
    Retrier retry = ctx.retrier(timeout);
    Instant deadline = ctx.clock().instant().plus(timeout);
    while (true) {
      HostInfo info = retry.call(() -> provider.describeHost(host));
      if (success.contains(info.state())) {
        return info;
      }
      if (failure.contains(info.state())) {
        throw new NestLabException(
            "host " + host.id() + " is " + info.state() + " while waiting for it to be " + success);
      }
      if (ctx.clock().instant().isAfter(deadline)) {
        throw new NestLabTimeoutException(
            "host " + host.id() + " to be " + success + " (it is " + info.state() + ")", timeout);
      }
      ctx.sleeper().sleep(ctx.timings().pollInterval());
    }
  }
}
