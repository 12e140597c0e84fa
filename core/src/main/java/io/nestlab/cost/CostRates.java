package io.nestlab.cost;

import java.util.Objects;

/**
 * The hourly prices a lab's L1 host is billed at.
 *
 * @param instanceHourly the instance (on-demand or spot), while running
 * @param diskHourly every provisioned disk, while it exists (running or stopped)
 * @param publicIpHourly public addresses, while the instance runs
 */
public record CostRates(Money instanceHourly, Money diskHourly, Money publicIpHourly) {
  public CostRates {
    Objects.requireNonNull(instanceHourly, "instanceHourly");
    Objects.requireNonNull(diskHourly, "diskHourly");
    Objects.requireNonNull(publicIpHourly, "publicIpHourly");
    if (instanceHourly.isNegative() || diskHourly.isNegative() || publicIpHourly.isNegative()) {
      throw new IllegalArgumentException("rates must not be negative");
    }
  }

  /** What an hour costs while the host runs. */
  public Money runningHourly() {
    return instanceHourly.plus(diskHourly).plus(publicIpHourly);
  }

  /** What an hour costs while the host is stopped: the disks. */
  public Money stoppedHourly() {
    return diskHourly;
  }
}
