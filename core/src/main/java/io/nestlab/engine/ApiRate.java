package io.nestlab.engine;

import io.nestlab.Clouds;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast one runner may call a cloud's API: a token bucket of {@code burst} tokens refilled at
 * {@code perSecond} (docs/fleet.md#rate-limits). A fleet {@code up} shares one bucket among all its
 * labs' calls, on top of its bounded parallelism.
 *
 * @param perSecond tokens added per second; {@link Double#POSITIVE_INFINITY} for no limit
 * @param burst the most calls made at once after a quiet spell (at least 1)
 */
public record ApiRate(double perSecond, int burst) {
  private static final Pattern FORM =
      Pattern.compile(
          "([0-9]+(?:\\.[0-9]+)?)\\s*/\\s*(s|sec|second|m|min|minute)(?:,\\s*burst=([0-9]+))?");

  public ApiRate {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("an API rate must be above 0 per second: " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("an API rate's burst must be 1 or more: " + burst);
    }
  }

  /** No limit. */
  public static ApiRate unlimited() {
    return new ApiRate(Double.POSITIVE_INFINITY, Integer.MAX_VALUE);
  }

  public boolean isUnlimited() {
    return Double.isInfinite(perSecond);
  }

  /**
   * The rate as users write it: {@code 5/s}, {@code 120/min}, {@code 5/s,burst=10} (default burst:
   * two seconds' worth, at least 1), or {@code none}.
   *
   * @throws IllegalArgumentException saying how to write it
   */
  public static ApiRate parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("none") || t.equals("unlimited")) {
      return unlimited();
    }
    Matcher m = FORM.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not an API rate; write CALLS/s or CALLS/min (5/s, 120/min,"
              + " 5/s,burst=10) or none");
    }
    double n = Double.parseDouble(m.group(1));
    double perSecond = m.group(2).startsWith("m") ? n / 60 : n;
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("'" + text + "': the rate must be above 0");
    }
    int burst =
        m.group(3) != null
            ? Integer.parseInt(m.group(3))
            : (int) Math.max(1, Math.ceil(perSecond * 2));
    return new ApiRate(perSecond, burst);
  }

  /**
   * The default for a cloud: its traits' {@code apiRate} (clouds.tsv), set below what its API lets
   * one account do so that a fleet of one runner is not throttled (EC2 under its mutating-call
   * buckets, Compute Engine under its per-project rate). A provider the table does not know, or a
   * simulated one: no limit.
   */
  public static ApiRate defaultFor(String providerId) {
    return Clouds.builtIn()
        .find(providerId == null ? "" : providerId)
        .map(c -> parse(c.apiRate()))
        .orElseGet(ApiRate::unlimited);
  }

  @Override
  public String toString() {
    return isUnlimited() ? "none" : perSecond + "/s,burst=" + burst;
  }
}
