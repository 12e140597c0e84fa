package io.nestlab.plan;

import io.nestlab.spec.MarketPreference;
import java.math.BigDecimal;
import java.util.List;

/**
 * Choices that override the spec's placement for one planning run (the CLI's flags).
 *
 * @param hours the session length to price; null uses the spec's TTL, and 8 h when it has none
 * @param providers provider ids to consider; empty uses the spec's placement (empty there: all)
 * @param regions regions to consider; empty uses the spec's placement (empty there: all)
 * @param market the market preference; null uses the spec's placement
 * @param top keep only the cheapest {@code top} options; 0 keeps all
 * @param allowAmd also consider AMD L1 hosts (nested ESXi on AMD is unverified)
 * @param alsoSpot also price spot capacity (the CLI's {@code --spot}): widens an on-demand market
 *     to both markets, and leaves a spot-only market as it is; applied after {@code market}
 */
public record PlanOptions(
    BigDecimal hours,
    List<String> providers,
    List<String> regions,
    MarketPreference market,
    int top,
    boolean allowAmd,
    boolean alsoSpot) {

  public PlanOptions {
    providers = providers == null ? List.of() : List.copyOf(providers);
    regions = regions == null ? List.of() : List.copyOf(regions);
    if (hours != null && hours.signum() <= 0) {
      throw new IllegalArgumentException("hours must be positive, got " + hours);
    }
    if (top < 0) {
      throw new IllegalArgumentException("top must be 0 (all) or positive, got " + top);
    }
  }

  /** Everything from the spec; all options. */
  public static PlanOptions defaults() {
    return new PlanOptions(null, List.of(), List.of(), null, 0, false, false);
  }

  public PlanOptions withHours(BigDecimal hours) {
    return new PlanOptions(hours, providers, regions, market, top, allowAmd, alsoSpot);
  }

  public PlanOptions withProviders(List<String> providers) {
    return new PlanOptions(hours, providers, regions, market, top, allowAmd, alsoSpot);
  }

  public PlanOptions withRegions(List<String> regions) {
    return new PlanOptions(hours, providers, regions, market, top, allowAmd, alsoSpot);
  }

  public PlanOptions withMarket(MarketPreference market) {
    return new PlanOptions(hours, providers, regions, market, top, allowAmd, alsoSpot);
  }

  public PlanOptions withTop(int top) {
    return new PlanOptions(hours, providers, regions, market, top, allowAmd, alsoSpot);
  }

  public PlanOptions withAllowAmd(boolean allowAmd) {
    return new PlanOptions(hours, providers, regions, market, top, allowAmd, alsoSpot);
  }

  public PlanOptions withAlsoSpot(boolean alsoSpot) {
    return new PlanOptions(hours, providers, regions, market, top, allowAmd, alsoSpot);
  }

  /**
   * The market a run prices: {@code market} when given, else the spec's, widened from on-demand to
   * both markets by {@code alsoSpot}; spot stays spot.
   */
  public MarketPreference resolveMarket(MarketPreference specMarket) {
    MarketPreference m = market != null ? market : specMarket;
    return alsoSpot && m == MarketPreference.ON_DEMAND ? MarketPreference.ANY : m;
  }
}
