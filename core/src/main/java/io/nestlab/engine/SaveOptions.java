package io.nestlab.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link LabEngine#save} leaves the lab and how long the blueprint lives.
 *
 * @param stopAfter stop the lab's host once the snapshot is taken (its disks keep costing);
 *     otherwise the nested lab is started again and the lab stays ready
 * @param keepFor how long the blueprint lives: its expiry tag is the save's time plus this, and
 *     {@code sweep} deletes it after that
 * @param readyTimeout how long to wait for the cloud to complete the snapshot
 */
public record SaveOptions(boolean stopAfter, Duration keepFor, Duration readyTimeout) {
  /** The default life of a blueprint: 30 days. */
  public static final Duration DEFAULT_KEEP = Duration.ofDays(30);

  /** The default wait for the snapshot: 2 hours (a first EBS snapshot of 500 GiB takes about 1). */
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofHours(2);

  public SaveOptions {
    Objects.requireNonNull(keepFor, "keepFor");
    Objects.requireNonNull(readyTimeout, "readyTimeout");
    if (keepFor.isNegative() || keepFor.isZero()) {
      throw new IllegalArgumentException(
          "a blueprint's life must be positive; got " + keepFor + " (for example 30d)");
    }
  }

  /** Keep the lab running afterwards, keep the blueprint 30 days. */
  public static SaveOptions keepRunning() {
    return new SaveOptions(false, DEFAULT_KEEP, DEFAULT_READY_TIMEOUT);
  }

  /** Stop the lab's host afterwards, keep the blueprint 30 days. */
  public static SaveOptions stop() {
    return new SaveOptions(true, DEFAULT_KEEP, DEFAULT_READY_TIMEOUT);
  }

  public SaveOptions withKeepFor(Duration d) {
    return new SaveOptions(stopAfter, d, readyTimeout);
  }

  public SaveOptions withReadyTimeout(Duration d) {
    return new SaveOptions(stopAfter, keepFor, d);
  }
}
