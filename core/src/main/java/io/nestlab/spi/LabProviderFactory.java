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

  /** A setting this provider accepts: its key, and what it means. */
  record SettingDoc(String key, String description, boolean secret) {}
}
