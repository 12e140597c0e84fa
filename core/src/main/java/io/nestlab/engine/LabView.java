package io.nestlab.engine;

import io.nestlab.cost.CostReport;
import io.nestlab.cost.GuardDecision;
import io.nestlab.spi.HostInfo;
import io.nestlab.state.LabRecord;

/**
 * A lab as it is now: its record, what the provider says of its host, its cost, and what its guards
 * decided.
 *
 * @param host the provider's view of the host, or null when none was launched or it was not asked
 * @param budget the budget guard's decision; OK when the lab has no budget
 * @param action what the guards did, or null when they did nothing
 */
public record LabView(
    LabRecord record,
    HostInfo host,
    CostReport cost,
    GuardDecision budget,
    GuardDecision ttl,
    String action) {}
