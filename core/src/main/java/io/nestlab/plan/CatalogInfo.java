package io.nestlab.plan;

import java.time.LocalDate;

/**
 * Where a plan's figures for one provider come from.
 *
 * @param note a caveat to show with the estimate, or empty
 */
public record CatalogInfo(String provider, LocalDate asOf, String source, String note) {}
