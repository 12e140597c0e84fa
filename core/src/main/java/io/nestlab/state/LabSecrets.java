package io.nestlab.state;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A lab's secrets (its SSH private key, appliance passwords, secret provider settings), kept in
 * their own 0600 file. {@link #toString()} never shows a value.
 */
public final class LabSecrets {
  /**
   * The prefix of a secret provider setting (a cloud credential such as {@code secretAccessKey})
   * among a lab's secrets: {@code provider-opt.secretAccessKey}. Stores never persist these
   * (docs/design/0091-secrets-retention.md).
   */
  public static final String PROVIDER_SETTING_PREFIX = "provider-opt.";

  private final Map<String, String> values;

  private LabSecrets(Map<String, String> values) {
    this.values = new TreeMap<>(values);
  }

  public static LabSecrets empty() {
    return new LabSecrets(Map.of());
  }

  public static LabSecrets of(Map<String, String> values) {
    return new LabSecrets(values);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** These secrets with {@code name} set to {@code value}. */
  public LabSecrets with(String name, String value) {
    Map<String, String> m = new TreeMap<>(values);
    m.put(name, value);
    return new LabSecrets(m);
  }

  /** Every secret; for the store and for code that hands a secret to its one consumer. */
  public Map<String, String> asMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  @Override
  public String toString() {
    return "LabSecrets" + values.keySet() + " (values redacted)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabSecrets s && s.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
