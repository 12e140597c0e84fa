package io.nestlab.aws.internal;

import io.nestlab.NestLabException;
import io.nestlab.NestLabTimeoutException;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** Bounded waits on EC2 state changes, through the SDK's waiters with an overall deadline. */
public final class Waits {
  private final Ec2Client ec2;
  private final Duration timeout;
  private final Duration poll;

  public Waits(Ec2Client ec2, Duration timeout, Duration poll) {
    this.ec2 = ec2;
    this.timeout = timeout;
    this.poll = poll;
  }

  public Duration timeout() {
    return timeout;
  }

  private Ec2Waiter waiter() {
    Consumer<WaiterOverrideConfiguration.Builder> c =
        b ->
            b.waitTimeout(timeout)
                .maxAttempts((int) Math.min(100_000, timeout.toMillis() / poll.toMillis() + 2))
                .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(poll));
    return Ec2Waiter.builder().client(ec2).overrideConfiguration(c).build();
  }

  public void running(String id) {
    await(
        "instance " + id + " to run",
        () -> waiter().waitUntilInstanceRunning(b -> b.instanceIds(id)));
  }

  public void stopped(String id) {
    await(
        "instance " + id + " to stop",
        () -> waiter().waitUntilInstanceStopped(b -> b.instanceIds(id)));
  }

  public void terminated(String id) {
    await(
        "instance " + id + " to terminate",
        () -> waiter().waitUntilInstanceTerminated(b -> b.instanceIds(id)));
  }

  private void await(String what, Runnable wait) {
    try {
      wait.run();
    } catch (SdkClientException e) {
      // The SDK reports an exhausted waiter as a client exception without a code.
      String m = String.valueOf(e.getMessage());
      if (m.contains("max wait time")
          || m.contains("exceeded the max retry attempts")
          || m.contains("maximum number of attempts")) {
        throw new NestLabTimeoutException("aws: " + what, timeout);
      }
      if (m.contains("transitioned the waiter to failure state")) {
        throw new NestLabException("aws: gave up waiting for " + what + ": " + m, e);
      }
      throw AwsErrors.translate("waiting for " + what, e);
    } catch (SdkException e) {
      throw AwsErrors.translate("waiting for " + what, e);
    }
  }

  /** Pauses one poll interval between repeated calls. */
  public void pause() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NestLabException("aws: interrupted while waiting", e);
    }
  }
}
