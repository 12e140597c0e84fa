package io.nestlab.plan;

/**
 * What is left on the L1 host after the lab and the L1 overhead are placed, per resource. Negative
 * values never appear in a feasible option.
 */
public record Headroom(double vcpus, double memoryGib, double diskGib) {}
