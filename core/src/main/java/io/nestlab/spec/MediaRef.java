package io.nestlab.spec;

/**
 * Where one installer image comes from.
 *
 * @param url {@code s3://}, {@code gs://} or {@code https://}
 * @param sha256 the expected SHA-256 as 64 hex digits, or null to skip verification
 */
public record MediaRef(String url, String sha256) {}
