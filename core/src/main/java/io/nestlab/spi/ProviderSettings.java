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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Typed access to a provider's settings, given on the command line as repeatable {@code
 * --provider-opt key=value}. Values of keys that look secret are redacted in {@link #toString()}.
 */
public final class ProviderSettings {

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
    return typed(
        key,
        defaultValue,
        Integer::parseInt,
        "a whole number, for example " + key + "=" + defaultValue);
  }

  public double getDouble(String key, double defaultValue) {
    return typed(
        key,
        defaultValue,
        Double::parseDouble,
        "a number, for example " + key + "=" + defaultValue);
  }

  /** {@code true} or {@code false} (any case); anything else is refused, never read as false. */
  public boolean getBoolean(String key, boolean defaultValue) {
    return typed(key, defaultValue, SettingKeys::bool, "true or false");
  }

  /** A duration as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms, 30s, 5m, 2h}. */
  public Duration getDuration(String key, Duration defaultValue) {
    return typed(key, defaultValue, Durations::parse, "a duration such as 30s, 5m or 2h");
  }

  /** {@code key}'s value parsed; the default when absent; a clear error when it does not parse. */
  private <T> T typed(String key, T defaultValue, Function<String, T> parse, String expected) {
    String v = values.get(key);
    if (v == null || v.isEmpty()) {
      return defaultValue;
    }
    try {
      return parse.apply(v);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw invalid(key, v, expected);
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
        problems.add(SettingKeys.unknown(key, provider, known));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("provider settings", problems);
    }
  }

  /**
   * The one spelling of a setting's key: kebab-case ({@code allowed-ingress-cidrs}). A camelCase
   * key ({@code allowedIngressCidrs}, the AWS provider's old spelling) maps to it.
   */
  public static String canonicalKey(String key) {
    return SettingKeys.canonical(key);
  }

  /**
   * Starts reading these settings for {@code provider}, whose settings are {@code known}
   * (kebab-case). Every problem is collected and {@link Reader#done} reports them all at once, in
   * the same shape on every provider: {@code <provider> provider settings: N problems}, each one
   * naming its key (docs/design/0092-provider-settings.md).
   */
  public Reader reader(String provider, Collection<String> known) {
    return new Reader(provider, known);
  }

  /**
   * Strict, collecting access to one provider's settings: a value is read once, checked for its
   * type and range, and a bad one is a problem naming its key, never a silent default. A key in the
   * old camelCase spelling is accepted as its kebab-case one, with a deprecation note.
   */
  public final class Reader {
    private final String provider;
    private final Map<String, String> given = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> deprecations = new ArrayList<>();

    private Reader(String provider, Collection<String> known) {
      this.provider = provider;
      for (Map.Entry<String, String> e : values.entrySet()) {
        String key = e.getKey();
        String canonical = canonicalKey(key);
        if (!known.contains(canonical)) {
          problems.add(SettingKeys.unknown(key, provider, known));
          continue;
        }
        if (!canonical.equals(key)) {
          if (values.containsKey(canonical) && !values.get(canonical).equals(e.getValue())) {
            problems.add(
                Problem.of(
                    key,
                    "is given twice, also as "
                        + canonical
                        + ", with different values; keep only "
                        + canonical));
            continue;
          }
          deprecations.add(
              key + " is the old spelling of " + canonical + "; write " + canonical + "=...");
        }
        given.putIfAbsent(canonical, e.getValue());
      }
    }

    /** The value, trimmed; empty when not given (or given empty). */
    public Optional<String> string(String key) {
      return Optional.ofNullable(given.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** {@code true} or {@code false}, any case; anything else is a problem. */
    public boolean bool(String key, boolean defaultValue) {
      Optional<String> v = string(key);
      try {
        return v.map(SettingKeys::bool).orElse(defaultValue);
      } catch (IllegalArgumentException e) {
        problem(key, "'" + v.get() + "' is not valid; write " + key + "=true or " + key + "=false");
        return defaultValue;
      }
    }

    /** A whole number within {@code min .. max}. */
    public int integer(String key, int defaultValue, int min, int max) {
      Optional<String> v = string(key);
      if (v.isEmpty()) {
        return defaultValue;
      }
      try {
        int n = Integer.parseInt(v.get());
        if (n < min || n > max) {
          problem(key, n + " is out of range; use " + min + " to " + max);
          return defaultValue;
        }
        return n;
      } catch (NumberFormatException e) {
        problem(
            key,
            "'"
                + v.get()
                + "' is not a whole number; use "
                + min
                + " to "
                + max
                + ", e.g. "
                + key
                + "="
                + defaultValue);
        return defaultValue;
      }
    }

    /** A number within {@code min .. max}. */
    public double decimal(String key, double defaultValue, double min, double max) {
      Optional<String> v = string(key);
      if (v.isEmpty()) {
        return defaultValue;
      }
      try {
        double d = Double.parseDouble(v.get());
        if (!(d >= min && d <= max)) {
          problem(key, v.get() + " is out of range; use " + min + " to " + max);
          return defaultValue;
        }
        return d;
      } catch (NumberFormatException e) {
        problem(key, "'" + v.get() + "' is not a number; use " + min + " to " + max);
        return defaultValue;
      }
    }

    /** A duration such as {@code 30s}, {@code 5m} or {@code PT2H}, within {@code min .. max}. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
      Optional<String> v = string(key);
      if (v.isEmpty()) {
        return defaultValue;
      }
      String text = v.get().trim();
      // A signed duration is a duration of the grammar below its minimum: say the range.
      boolean negative =
          text.startsWith("-") && io.nestlab.Durations.tryParse(text.substring(1)).isPresent();
      Optional<Duration> d = negative ? Optional.empty() : io.nestlab.Durations.tryParse(text);
      if (!negative && d.isEmpty()) {
        problem(key, "'" + v.get() + "' is not a duration; write it like 500ms, 30s, 5m or 1h30m");
        return defaultValue;
      }
      if (negative || d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
        problem(
            key,
            "'"
                + v.get()
                + "' is out of range; use "
                + Durations.format(min)
                + " to "
                + Durations.format(max));
        return defaultValue;
      }
      return d.get();
    }

    /** A comma-separated list; empty when absent. */
    public List<String> list(String key) {
      return string(key)
          .map(
              v -> Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
          .orElse(List.of());
    }

    /** Records a problem with {@code key}'s value. */
    public void problem(String key, String message) {
      problems.add(Problem.of(key, message));
    }

    /** The notes about keys given in their old spelling. */
    public List<String> deprecations() {
      return List.copyOf(deprecations);
    }

    /**
     * Ends the reading: throws every problem found at once; otherwise logs the deprecation notes
     * (the CLI prints its own).
     */
    public void done() {
      if (!problems.isEmpty()) {
        throw new InvalidSpecException(provider + " provider settings", problems);
      }
      for (String d : deprecations) {
        if (NOTED.add(provider + ": " + d)) { // once per JVM: settings are parsed often
          // Looked up here, not in a static field: the first System.getLogger scans every jar of
          // the class path for a LoggerFinder (docs/design/0161).
          System.getLogger(ProviderSettings.class.getName())
              .log(System.Logger.Level.INFO, "provider " + provider + ": " + d);
        }
      }
    }
  }

  private static final Set<String> NOTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
    return SettingKeys.isSecret(key);
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
