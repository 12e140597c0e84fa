package io.nestlab.spi;

/** An image (AMI, GCE machine image) of an L1 host. */
public record ImageRef(String provider, String region, String id) {}
