package io.nestlab.spi;

/**
 * What a provider can do.
 *
 * @param stopStart hosts can be stopped and started again
 * @param snapshots hosts can be imaged
 * @param spot spot instances can be requested
 * @param maxUserDataBytes the most user data (raw bytes) a host accepts
 */
public record ProviderCapabilities(
    boolean stopStart, boolean snapshots, boolean spot, int maxUserDataBytes) {}
