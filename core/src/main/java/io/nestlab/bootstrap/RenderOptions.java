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
 * @param dataDiskGib the plan's data disk in GiB ({@code PlanOption.dataDiskGib()}), which the host
 *     formats and leaves any local NVMe beside it alone; 0 (the default) when the plan has none and
 *     counts the host's local NVMe instead: the host then pools every empty disk into one volume
 *     (docs/design/0165)
 */
public record RenderOptions(
    String provider, List<String> sshAuthorizedKeys, boolean restore, int dataDiskGib) {
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
    if (dataDiskGib < 0) {
      throw new IllegalArgumentException(
          "dataDiskGib is " + dataDiskGib + "; give the plan's data disk in GiB, or 0 for none");
    }
  }

  /** Options with no planned data disk (see {@link #withDataDisk}). */
  public RenderOptions(String provider, List<String> sshAuthorizedKeys, boolean restore) {
    this(provider, sshAuthorizedKeys, restore, 0);
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
    return new RenderOptions(provider, List.of(), false, 0);
  }

  public RenderOptions withSshAuthorizedKeys(List<String> keys) {
    return new RenderOptions(provider, keys, restore, dataDiskGib);
  }

  /** These options for a host whose data disk is restored from a blueprint (or not). */
  public RenderOptions withRestore(boolean fromBlueprint) {
    return new RenderOptions(provider, sshAuthorizedKeys, fromBlueprint, dataDiskGib);
  }

  /**
   * These options for a host whose plan has a data disk of {@code gib} GiB, or none ({@code 0}: the
   * plan counts the host's local NVMe, all of it).
   */
  public RenderOptions withDataDisk(int gib) {
    return new RenderOptions(provider, sshAuthorizedKeys, restore, gib);
  }
}
