package io.nestlab.spi;

import io.nestlab.Problem;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The spelling of provider settings' keys, and which of them name secrets. */
final class SettingKeys {
  private static final Set<String> SECRET_WORDS = Set.of("secret", "password", "token", "key");

  private SettingKeys() {}

  /**
   * Kebab-case: a camelCase key ({@code allowedIngressCidrs}) maps to {@code
   * allowed-ingress-cidrs}.
   */
  static String canonical(String key) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && key.charAt(i - 1) != '-') {
          b.append('-');
        }
        b.append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Whether one of the key's words (split at '-', '_', '.' and camelCase humps) is secret, key,
   * token or password: {@code secret-access-key}, {@code accessKeyId}, {@code api-token}; not
   * {@code authorized-keys} (a path) or {@code monkey}.
   */
  static boolean isSecret(String key) {
    for (String word : canonical(key).split("[-_.]+")) {
      if (SECRET_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** {@code true} or {@code false}, any case. */
  static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not true or false: " + value);
    };
  }

  /**
   * The problem of a key that is not one of {@code provider}'s settings, listing the known ones.
   */
  static Problem unknown(String key, String provider, Collection<String> known) {
    return Problem.of(
        key,
        "is not a setting of provider '"
            + provider
            + "'; known settings: "
            + String.join(", ", new TreeSet<>(known)));
  }
}
