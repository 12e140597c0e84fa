package io.nestlab.cost;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import java.time.Duration;
import java.util.Objects;

/**
 * How a provider bills a lab's L1 host. Sources are in docs/cost-model.md ("Billing rules").
 *
 * <ul>
 *   <li>A running instance is billed per second, with a minimum every time it starts: AWS EC2 Linux
 *       60 s (on-demand and spot); Compute Engine 1 minute.
 *   <li>Disks are billed by provisioned size while they exist, stopped or not, at a monthly rate
 *       prorated per second over the calendar month they are used in (AWS EBS pricing: "$0.125 per
 *       GB-month x 2000 GB x 43,200 s / (86,400 s/day x 30-day month)"; Compute Engine disk
 *       pricing: prorated per second, half a month costs half the monthly price). Estimates, which
 *       have no date, use the average month of 730 hours (8,760 / 12).
 *   <li>Public IPv4 addresses per hour while attached to a running instance (GCE Spot VMs pay half
 *       the standard rate; the plan's rates carry it).
 *   <li>AWS Spot: an instance Amazon EC2 interrupts in its first hour is not charged for that
 *       partial hour (EC2 User Guide, "Billing for interrupted Spot Instances"); disks and IPs
 *       still are.
 * </ul>
 *
 * @param provider the provider id
 * @param minimumPerStart the least an instance start is billed for
 * @param calendarMonthDisks whether disks are prorated over the real calendar month (UTC) rather
 *     than a 730-hour month
 * @param interruptedInFirstHourFree whether a run the provider interrupts within its first hour is
 *     not charged for the instance (AWS Spot)
 */
public record BillingRules(
    String provider,
    Duration minimumPerStart,
    boolean calendarMonthDisks,
    boolean interruptedInFirstHourFree) {
  public BillingRules {
    Objects.requireNonNull(provider, "provider");
    if (minimumPerStart == null || minimumPerStart.isNegative()) {
      throw new IllegalArgumentException("minimumPerStart must be zero or positive");
    }
  }

  /** Rules with a minimum per start, disks at the 730-hour month and no interruption rule. */
  public BillingRules(String provider, Duration minimumPerStart) {
    this(provider, minimumPerStart, false, false);
  }

  /**
   * The on-demand rules of a provider, from its cloud traits: the minimum per start ({@link
   * CloudTraits#billingMinimumPerStart()}: {@code aws} 60 s, {@code gcp} 1 min, the fake 60 s) and
   * whether disks are prorated over the calendar month ({@code aws} and {@code gcp}) or 730 hours
   * (the fake).
   *
   * @throws io.nestlab.NestLabException for a provider with no traits, naming the known ones
   */
  public static BillingRules forProvider(String provider) {
    CloudTraits cloud = Clouds.builtIn().get(provider);
    return new BillingRules(
        provider, cloud.billingMinimumPerStart(), cloud.calendarMonthDisks(), false);
  }

  /** The rules of a provider for an instance bought {@code spot} or on demand. */
  public static BillingRules forProvider(String provider, boolean spot) {
    CloudTraits cloud = Clouds.builtIn().get(provider);
    return new BillingRules(
        provider,
        cloud.billingMinimumPerStart(),
        cloud.calendarMonthDisks(),
        spot && cloud.spotInterruptionFreeFirstHour());
  }
}
