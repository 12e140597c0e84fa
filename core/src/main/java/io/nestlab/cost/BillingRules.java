package io.nestlab.cost;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import java.time.Duration;
import java.util.Objects;

/**
 * How a provider bills a running instance: per second, with a minimum charge every time it starts.
 * Disks are billed by provisioned size for as long as they exist (stopped or not); public IPv4
 * addresses per hour while attached to a running instance. Sources: AWS EC2 per-second billing (60
 * s minimum, Linux on-demand and spot); Compute Engine per-second billing (1 minute minimum).
 *
 * @param provider the provider id
 * @param minimumPerStart the least an instance start is billed for
 */
public record BillingRules(String provider, Duration minimumPerStart) {
  public BillingRules {
    Objects.requireNonNull(provider, "provider");
    if (minimumPerStart == null || minimumPerStart.isNegative()) {
      throw new IllegalArgumentException("minimumPerStart must be zero or positive");
    }
  }

  /**
   * The rules of a provider, from its cloud traits ({@link CloudTraits#billingMinimumPerStart()}:
   * {@code aws} 60 s, {@code gcp} 1 min, the fake 60 s).
   *
   * @throws io.nestlab.NestLabException for a provider with no traits, naming the known ones
   */
  public static BillingRules forProvider(String provider) {
    return new BillingRules(provider, Clouds.builtIn().get(provider).billingMinimumPerStart());
  }
}
