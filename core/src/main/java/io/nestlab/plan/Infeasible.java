package io.nestlab.plan;

/**
 * A provider the lab cannot run on under the given placement, and the binding constraint, for
 * example "needs 900 GiB memory on the L1 host; the largest eligible type has 768 GiB".
 */
public record Infeasible(String provider, String reason) {}
