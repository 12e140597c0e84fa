package io.nestlab.spi;

/** Names one L1 host: the provider's instance id, and where it lives. */
public record HostRef(String provider, String region, String zone, String id) {}
