package io.nestlab.spec;

/**
 * A guest VM deployed on one of the lab's ESXi hosts.
 *
 * @param host the ESXi host that carries it
 * @param image an ISO or OVA URL ({@code https://}, {@code s3://} or {@code gs://}), or null
 */
public record GuestSpec(
    String name, int cpus, int memoryGib, int diskGib, String host, String image) {}
