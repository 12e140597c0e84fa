package io.nestlab.engine.internal.op;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The single daemon thread behind a lease keeper or a watcher. */
final class Schedules {
  private Schedules() {}

  static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  static void atFixedRate(ScheduledExecutorService exec, Duration period, Runnable task) {
    exec.scheduleAtFixedRate(task, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the schedule; a run in flight may finish (up to {@code grace}): interrupting it would
   * interrupt a state write.
   */
  static AutoCloseable closer(ScheduledExecutorService exec, Duration grace) {
    return () -> {
      exec.shutdown();
      if (!exec.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        exec.shutdownNow();
      }
    };
  }
}
