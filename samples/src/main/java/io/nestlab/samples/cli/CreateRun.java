package io.nestlab.samples.cli;

import io.nestlab.engine.Sleeper;
import io.nestlab.state.LabRecord;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code up}'s creation on a worker thread so that Ctrl-C can stop it (docs/design/0038).
 *
 * <p>The engine waits only through its {@link Sleeper}; this one, once {@link #stop} is asked, ends
 * the creation at its next wait by throwing {@link Stopped} — an {@link Error}, like {@code
 * ThreadDeath}, so that the engine's failure handling (which would delete what exists) does not run
 * and the lab's journal stays exactly as after a crash: {@code nestlab resume} continues it and
 * {@code nestlab down} deletes it. Waits on any other thread (a destroy after the worker ended) are
 * plain sleeps.
 */
final class CreateRun implements Sleeper {
  /** Ends the creation where it waits; never caught by the engine. */
  static final class Stopped extends Error {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopped by the user", null, false, false);
    }
  }

  /** How the creation ended. */
  record Outcome(LabRecord record, RuntimeException failure, boolean stopped) {}

  private static final Object DONE = new Object();
  private static final Object INTERRUPT = new Object();

  private final CountDownLatch stop = new CountDownLatch(1);
  private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
  private volatile Thread worker;
  private volatile Outcome outcome;

  @Override
  public void sleep(Duration d) {
    boolean stopping;
    try {
      stopping =
          Thread.currentThread() == worker
              ? stop.await(d.toMillis(), TimeUnit.MILLISECONDS)
              : sleepPlain(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.nestlab.NestLabException("interrupted while waiting", e);
    }
    if (stopping) {
      throw new Stopped();
    }
  }

  private static boolean sleepPlain(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
    return false;
  }

  /** Starts {@code create} on the worker thread. */
  void start(Callable<LabRecord> create) {
    Thread t =
        new Thread(
            () -> {
              try {
                outcome = new Outcome(create.call(), null, false);
              } catch (Stopped e) {
                outcome = new Outcome(null, null, true);
              } catch (RuntimeException e) {
                outcome = new Outcome(null, e, false);
              } catch (Exception e) {
                outcome = new Outcome(null, new IllegalStateException(e), false);
              } finally {
                signals.add(DONE);
              }
            },
            "nestlab-up");
    t.setDaemon(true);
    worker = t;
    t.start();
  }

  /** Ctrl-C was pressed: called from the signal's thread, so it only takes note. */
  void interrupt() {
    signals.add(INTERRUPT);
  }

  /**
   * Waits until the creation ends (returns false) or Ctrl-C is pressed (returns true; call {@link
   * #stop} and {@link #await} next).
   */
  boolean awaitEndOrInterrupt() throws InterruptedException {
    return signals.take() == INTERRUPT;
  }

  /** Ends the creation at its next wait. */
  void stop() {
    stop.countDown();
  }

  /** Waits for the worker to end, ignoring further interrupts, and says how it ended. */
  Outcome await() throws InterruptedException {
    while (outcome == null) {
      signals.poll(1, TimeUnit.SECONDS);
    }
    return outcome;
  }
}
