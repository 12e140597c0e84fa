package io.nestlab.spi;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Typed access to a provider's settings, given on the command line as repeatable {@code
 * --provider-opt key=value}. Values of keys that look secret are redacted in {@link #toString()}.
 */
public final class ProviderSettings {
  private static final Set<String> SECRET_WORDS = Set.of("secret", "password", "token", "key");

  private final Map<String, String> values;

  private ProviderSettings(Map<String, String> values) {
    this.values = new TreeMap<>(values);
  }

  public static ProviderSettings empty() {
    return new ProviderSettings(Map.of());
  }

  public static ProviderSettings of(Map<String, String> values) {
    return new ProviderSettings(values);
  }

  /** Parses {@code key=value} strings; reports every malformed one at once. */
  public static ProviderSettings parse(Collection<String> pairs) {
    Map<String, String> values = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.add(
            Problem.of(
                "--provider-opt",
                "'" + pair + "' is not key=value; write it as --provider-opt region=us-east-1"));
      } else {
        values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("provider settings", problems);
    }
    return new ProviderSettings(values);
  }

  /** These settings with {@code overrides} laid on top. */
  public ProviderSettings with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(overrides);
    return new ProviderSettings(merged);
  }

  public Map<String, String> asMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
  }

  public String require(String key, String hint) {
    return get(key)
        .orElseThrow(
            () ->
                new InvalidSpecException(
                    "provider settings", List.of(Problem.of(key, "is required; " + hint))));
  }

  public int getInt(String key, int defaultValue) {
    String v = values.get(key);
    if (v == null || v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw invalid(key, v, "a whole number, for example " + key + "=" + defaultValue);
    }
  }

  public double getDouble(String key, double defaultValue) {
    String v = values.get(key);
    if (v == null || v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw invalid(key, v, "a number, for example " + key + "=" + defaultValue);
    }
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    String v = values.get(key);
    if (v == null || v.isEmpty()) {
      return defaultValue;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "1":
        return true;
      case "false":
      case "no":
      case "0":
        return false;
      default:
        throw invalid(key, v, "true or false");
    }
  }

  /** A duration as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms, 30s, 5m, 2h}. */
  public Duration getDuration(String key, Duration defaultValue) {
    String v = values.get(key);
    if (v == null || v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw invalid(key, v, "a duration such as 30s, 5m or 2h");
    }
  }

  /** A comma-separated list; empty when absent. */
  public List<String> getList(String key) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return List.of();
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Fails naming every key not in {@code known}, with the known keys listed. */
  public void rejectUnknown(String provider, Collection<String> known) {
    List<Problem> problems = new ArrayList<>();
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        problems.add(
            Problem.of(
                key,
                "is not a setting of provider '"
                    + provider
                    + "'; known settings: "
                    + String.join(", ", new java.util.TreeSet<>(known))));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("provider settings", problems);
    }
  }

  private static InvalidSpecException invalid(String key, String value, String expected) {
    return new InvalidSpecException(
        "provider settings",
        List.of(Problem.of(key, "'" + value + "' is not valid; expected " + expected)));
  }

  /** Whether a setting's key names a secret (its value is then never shown or stored in clear). */
  public static boolean isSecret(String key) {
    return isSecretKey(key);
  }

  static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(k::contains);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("ProviderSettings{");
    String sep = "";
    for (Map.Entry<String, String> e : values.entrySet()) {
      b.append(sep)
          .append(e.getKey())
          .append('=')
          .append(isSecretKey(e.getKey()) ? "***" : e.getValue());
      sep = ", ";
    }
    return b.append('}').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProviderSettings s && s.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
