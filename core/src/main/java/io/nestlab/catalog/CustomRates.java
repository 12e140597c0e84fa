package io.nestlab.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Per-vCPU and per-GiB hourly rates of a series' predefined machine types in one region, from which
 * custom machine types are priced (see {@link Eligibility#CUSTOM_PREMIUM}).
 *
 * @param series for example {@code n2}
 * @param vcpuUsdPerHour on-demand, per vCPU-hour
 * @param memoryUsdPerGibHour on-demand, per GiB-hour
 * @param spotVcpuUsdPerHour spot, per vCPU-hour, or null
 * @param spotMemoryUsdPerGibHour spot, per GiB-hour, or null
 */
public record CustomRates(
    String series,
    String region,
    BigDecimal vcpuUsdPerHour,
    BigDecimal memoryUsdPerGibHour,
    BigDecimal spotVcpuUsdPerHour,
    BigDecimal spotMemoryUsdPerGibHour) {
  public CustomRates {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(vcpuUsdPerHour, "vcpuUsdPerHour");
    Objects.requireNonNull(memoryUsdPerGibHour, "memoryUsdPerGibHour");
  }
}
