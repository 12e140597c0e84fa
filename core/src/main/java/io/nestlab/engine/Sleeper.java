package io.nestlab.engine;

import io.nestlab.NestLabException;
import java.time.Duration;

/** How the engine waits between polls; tests on a fake clock advance the clock instead. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d);

  static Sleeper real() {
    return d -> {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NestLabException("interrupted while waiting", e);
      }
    };
  }
}
