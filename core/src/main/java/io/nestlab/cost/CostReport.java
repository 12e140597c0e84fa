package io.nestlab.cost;

import java.time.Duration;
import java.time.Instant;

/**
 * What a lab has cost up to {@code at}, and what it costs now.
 *
 * @param accrued everything billed so far (instance + disks + public IP)
 * @param instance the instance part, minimum charges per start included
 * @param disks the disk part, stopped time included
 * @param publicIp the public IP part
 * @param burnRate what an hour costs in the current state
 * @param running time the host has been running
 * @param stopped time the host has been stopped
 */
public record CostReport(
    Instant at,
    Money accrued,
    Money instance,
    Money disks,
    Money publicIp,
    Money burnRate,
    MeterState state,
    Duration running,
    Duration stopped) {}
