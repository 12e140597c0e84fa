package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.SweepOptions;
import io.nestlab.engine.SweepReport;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabLockedException;
import io.nestlab.state.LabStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code nestlab sweep --daemon}: sweeps one provider every period while this process leads the
 * store's {@code sweeper} role ({@link LabStore#lead}), so that of all the runners sharing a state
 * database exactly one sweeps; the others stand by and take over when the leader's lease ends
 * (docs/fleet.md#one-sweeper). Stops cleanly on {@link #stop()} (SIGTERM, Ctrl-C): the round in
 * progress ends, the lease is released.
 */
final class SweepDaemon {
  static final String ROLE = "sweeper";

  private final PrintWriter out;
  private final LabEngine engine;
  private final String provider;
  private final ProviderSettings settings;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private LabStore.LabLock leadership;

  SweepDaemon(PrintWriter out, LabEngine engine, String provider, ProviderSettings settings) {
    this.out = out;
    this.engine = engine;
    this.provider = provider;
    this.settings = settings;
  }

  /**
   * One round: checks that the lead it has is still its own (a lease renewed now; another runner
   * may have taken it over while this process was paused or cut off from the database) and steps
   * down when it is not, then leads if it can, and sweeps only when it leads. Returns whether this
   * process leads. A failed sweep is reported and the next round tries again.
   */
  boolean round() {
    if (leadership != null && !leadership.stillHeld()) {
      leadership.close();
      leadership = null;
      say(
          "sweeper: lost the lead of "
              + engine.store().location()
              + " (another runner took it over, or the database could not confirm it);"
              + " stepping down and trying to lead again");
    }
    if (leadership == null) {
      try {
        leadership = engine.store().lead(ROLE);
        say("sweeper: this process leads the sweeping of " + engine.store().location());
      } catch (LabLockedException e) {
        say("sweeper: standing by: " + e.getMessage());
        return false;
      }
    }
    try {
      SweepReport report = engine.sweep(provider, settings, SweepOptions.deleteExpired());
      say(
          "sweeper: "
              + Instant.now()
              + " "
              + provider
              + ": "
              + (report.expired().isEmpty()
                  ? "nothing has an expired lease"
                  : report.deleted().size() + " of " + report.expired().size() + " deleted")
              + (report.skipped().isEmpty()
                  ? ""
                  : "; " + report.skipped().size() + " without a readable lease tag skipped"));
    } catch (NestLabException e) {
      say("sweeper: the sweep failed, trying again next round: " + e.getMessage());
    }
    return true;
  }

  /** Rounds every {@code every} until {@link #stop()}; then steps down. */
  void run(Duration every) throws InterruptedException {
    try {
      do {
        round();
      } while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS));
    } finally {
      stepDown();
      stopped.countDown();
    }
  }

  /** Asks {@link #run} to end after its current round; waits up to {@code atMost} for that. */
  boolean stop(Duration atMost) throws InterruptedException {
    stop.countDown();
    return stopped.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void stepDown() {
    if (leadership != null) {
      leadership.close();
      leadership = null;
      say("sweeper: stopped; another runner's 'nestlab sweep --daemon' may lead now");
    } else {
      say("sweeper: stopped");
    }
  }

  private void say(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
