package io.nestlab.spi;

/**
 * Creates {@link LabProvider}s of one cloud. Implementations are found with {@link
 * java.util.ServiceLoader} (listed in {@code META-INF/services/io.nestlab.spi.LabProviderFactory})
 * under a stable id; look them up with {@link LabProviders}.
 */
public interface LabProviderFactory {
  /** The stable id users type: {@code aws}, {@code gcp}, {@code fake}. */
  String id();

  /** One line for people: what this provider is. */
  String description();

  /** The settings this provider understands, for help output and for rejecting typos. */
  java.util.List<SettingDoc> settings();

  /**
   * Creates a provider. Does not contact the cloud.
   *
   * @throws io.nestlab.InvalidSpecException when a setting is unknown or malformed
   */
  LabProvider create(ProviderSettings settings);

  /**
   * A catalog source that reads this provider's instance types and prices live from the cloud when
   * it is loaded (creating it contacts nothing), laid over the embedded snapshot; empty when the
   * provider has none. Planners use it instead of the snapshot on request ({@code --live}).
   *
   * @throws io.nestlab.InvalidSpecException when a setting is unknown or malformed
   */
  default java.util.Optional<io.nestlab.catalog.CatalogSource> liveCatalog(
      ProviderSettings settings) {
    return java.util.Optional.empty();
  }

  /**
   * What core knows about this provider's cloud: by default its row of the built-in table ({@link
   * io.nestlab.Clouds#builtIn()}); a factory overrides this to change a trait (say, a larger user
   * data limit) or to describe a cloud the table does not list. {@link LabProviders#clouds()}
   * applies every factory's traits over the table.
   */
  default java.util.Optional<io.nestlab.CloudTraits> traits() {
    return io.nestlab.Clouds.builtIn().find(id());
  }

  /** A setting this provider accepts: its key, and what it means. */
  record SettingDoc(String key, String description, boolean secret) {}
}
