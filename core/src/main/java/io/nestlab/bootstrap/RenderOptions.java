package io.nestlab.bootstrap;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to render a lab's bootstrap.
 *
 * @param provider the provider the L1 host runs on, one of {@link Clouds#builtIn()}; its traits say
 *     how the host reads its lease ({@link CloudTraits#leaseSource()}: on {@code aws} from IMDSv2
 *     instance tags, so launch with instance metadata tags enabled; on {@code gcp} the instance
 *     metadata attribute {@code nestlab-lease-until}; on the fake first boot plus the lab's TTL)
 *     and how its user data is packed
 * @param sshAuthorizedKeys public keys cloud-init authorizes for the default user; may be empty
 * @param restore the data disk comes from a blueprint: the host starts the nested lab it finds
 *     there instead of installing one
 */
public record RenderOptions(String provider, List<String> sshAuthorizedKeys, boolean restore) {
  /** The providers the bootstrap can be rendered for: the ids of {@link Clouds#builtIn()}. */
  public static final Set<String> PROVIDERS = Set.copyOf(Clouds.builtIn().ids());

  public RenderOptions {
    Objects.requireNonNull(provider, "provider");
    if (!PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException(
          "unknown provider '" + provider + "'; the bootstrap knows " + known());
    }
    sshAuthorizedKeys = sshAuthorizedKeys == null ? List.of() : List.copyOf(sshAuthorizedKeys);
    for (String key : sshAuthorizedKeys) {
      if (key.contains("PRIVATE KEY")) {
        throw new IllegalArgumentException(
            "sshAuthorizedKeys holds a private key; give the public key (ssh-ed25519 AAAA...)");
      }
    }
  }

  /** {@code aws, gcp and fake}. */
  private static String known() {
    List<String> ids = Clouds.builtIn().ids();
    return ids.size() < 2
        ? String.join("", ids)
        : String.join(", ", ids.subList(0, ids.size() - 1)) + " and " + ids.get(ids.size() - 1);
  }

  /** Options for a provider, with no extra SSH keys. */
  public RenderOptions(String provider, List<String> sshAuthorizedKeys) {
    this(provider, sshAuthorizedKeys, false);
  }

  public static RenderOptions of(String provider) {
    return new RenderOptions(provider, List.of(), false);
  }

  public RenderOptions withSshAuthorizedKeys(List<String> keys) {
    return new RenderOptions(provider, keys, restore);
  }

  /** These options for a host whose data disk is restored from a blueprint (or not). */
  public RenderOptions withRestore(boolean fromBlueprint) {
    return new RenderOptions(provider, sshAuthorizedKeys, fromBlueprint);
  }
}
