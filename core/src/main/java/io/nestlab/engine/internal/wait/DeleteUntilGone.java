package io.nestlab.engine.internal.wait;

import io.nestlab.NestLabTimeoutException;
import io.nestlab.ProviderException;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.Retrier;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.OwnedResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Deletes resources until a listing finds none: list, delete each (a retryable refusal, such as a
 * dependant still going away, waits for the next round), sleep, list again; bounded by a timeout
 * whose error names what is still there. Used by destroy (a lab's resources) and sweep (expired
 * ones).
 */
public final class DeleteUntilGone {
  private final EngineContext ctx;
  private final LabProvider provider;
  private final Duration timeout;

  public DeleteUntilGone(EngineContext ctx, LabProvider provider, Duration timeout) {
    this.ctx = ctx;
    this.provider = provider;
    this.timeout = timeout;
  }

  /**
   * Runs the loop.
   *
   * @param list what is left, asked again every round
   * @param onListed sees each listing before anything in it is deleted
   * @param what what is being deleted, for the timeout's message ({@code lab x})
   * @param advice what to do after a timeout, appended to its message; may be empty
   * @return the number of delete calls that succeeded
   */
  public int run(
      Supplier<List<OwnedResource>> list,
      Consumer<List<OwnedResource>> onListed,
      String what,
      String advice) {
    Retrier retry = ctx.retrier(timeout);
    Instant deadline = ctx.clock().instant().plus(timeout);
    int deleted = 0;
    while (true) {
      List<OwnedResource> left = retry.call(list);
      onListed.accept(left);
      if (left.isEmpty()) {
        return deleted;
      }
      if (ctx.clock().instant().isAfter(deadline)) {
        throw new NestLabTimeoutException(
            what
                + " to be deleted; still there: "
                + String.join(", ", left.stream().map(OwnedResource::describe).toList())
                + advice,
            timeout);
      }
      for (OwnedResource r : left) {
        try {
          provider.delete(r);
          deleted++;
        } catch (ProviderException e) {
          if (!e.retryable()) {
            throw e;
          }
          // a dependant is still going away, or throttled: the next round tries again
        }
      }
      ctx.sleeper().sleep(ctx.timings().pollInterval());
    }
  }
}
