package io.nestlab.bootstrap;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to render a lab's bootstrap.
 *
 * @param provider the provider the L1 host runs on: {@code aws} (the lease is read from IMDSv2
 *     instance tags, so launch with instance metadata tags enabled), {@code gcp} (the lease is the
 *     instance metadata attribute {@code nestlab-lease-until}) or {@code fake} (no metadata; the
 *     lease falls back to first boot plus the lab's TTL)
 * @param sshAuthorizedKeys public keys cloud-init authorizes for the default user; may be empty
 */
public record RenderOptions(String provider, List<String> sshAuthorizedKeys) {
  /** The providers whose instance metadata the lease watchdog knows how to read. */
  public static final Set<String> PROVIDERS = Set.of("aws", "gcp", "fake");

  public RenderOptions {
    Objects.requireNonNull(provider, "provider");
    if (!PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException(
          "unknown provider '" + provider + "'; the bootstrap knows aws, gcp and fake");
    }
    sshAuthorizedKeys = sshAuthorizedKeys == null ? List.of() : List.copyOf(sshAuthorizedKeys);
    for (String key : sshAuthorizedKeys) {
      if (key.contains("PRIVATE KEY")) {
        throw new IllegalArgumentException(
            "sshAuthorizedKeys holds a private key; give the public key (ssh-ed25519 AAAA...)");
      }
    }
  }

  /** Options for a provider, with no extra SSH keys. */
  public static RenderOptions of(String provider) {
    return new RenderOptions(provider, List.of());
  }

  public RenderOptions withSshAuthorizedKeys(List<String> keys) {
    return new RenderOptions(provider, keys);
  }
}
