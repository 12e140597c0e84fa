package io.nestlab.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Per-region prices that come on top of the instance.
 *
 * @param region the provider's region
 * @param diskType the block-storage type NestLab uses for L1 disks, for example {@code gp3} or
 *     {@code pd-balanced}
 * @param diskUsdPerGibMonth provisioned block storage, US dollars per GiB-month
 * @param publicIpUsdPerHour one public IPv4 address attached to a running on-demand instance, per
 *     hour
 * @param spotPublicIpUsdPerHour the same address on a spot instance, per hour; null when it costs
 *     what it costs on an on-demand instance (AWS). GCE charges half for Spot VMs.
 * @param hyperdiskUsdPerGibMonth GCE Hyperdisk Balanced capacity, US dollars per GiB-month, for the
 *     types that take only Hyperdisk (see {@link Eligibility#hyperdiskOnly}); null when unknown.
 *     The IOPS and throughput NestLab provisions stay within the baseline Hyperdisk Balanced
 *     includes at no charge (see {@link Eligibility#HYPERDISK_BASELINE_IOPS}).
 */
public record RegionRates(
    String region,
    String diskType,
    BigDecimal diskUsdPerGibMonth,
    BigDecimal publicIpUsdPerHour,
    BigDecimal spotPublicIpUsdPerHour,
    BigDecimal hyperdiskUsdPerGibMonth) {

  /** The disk type name of GCE Hyperdisk Balanced. */
  public static final String HYPERDISK_BALANCED = "hyperdisk-balanced";

  public RegionRates {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(diskType, "diskType");
    Objects.requireNonNull(diskUsdPerGibMonth, "diskUsdPerGibMonth");
    Objects.requireNonNull(publicIpUsdPerHour, "publicIpUsdPerHour");
  }

  /** Rates with one disk type and the same IP rate on every market. */
  public RegionRates(
      String region,
      String diskType,
      BigDecimal diskUsdPerGibMonth,
      BigDecimal publicIpUsdPerHour) {
    this(region, diskType, diskUsdPerGibMonth, publicIpUsdPerHour, null, null);
  }

  /** The public IPv4 rate on {@code market}. */
  public BigDecimal publicIpUsdPerHour(Market market) {
    return market == Market.SPOT && spotPublicIpUsdPerHour != null
        ? spotPublicIpUsdPerHour
        : publicIpUsdPerHour;
  }

  /** These rates with {@code hyperdiskUsdPerGibMonth} as the Hyperdisk Balanced capacity rate. */
  public RegionRates withHyperdisk(BigDecimal hyperdiskUsdPerGibMonth) {
    return new RegionRates(
        region,
        diskType,
        diskUsdPerGibMonth,
        publicIpUsdPerHour,
        spotPublicIpUsdPerHour,
        hyperdiskUsdPerGibMonth);
  }
}
