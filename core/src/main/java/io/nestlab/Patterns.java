package io.nestlab;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The cloud table's regular expressions, each compiled once: a lab's regions and zones are matched
 * against every cloud's patterns several times while one lab is validated, and compiling one costs
 * more than matching it.
 */
final class Patterns {
  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private Patterns() {}

  /** {@code regex}, compiled; throws {@link java.util.regex.PatternSyntaxException} as compile. */
  static Pattern of(String regex) {
    Pattern p = COMPILED.get(regex);
    if (p == null) {
      p = Pattern.compile(regex);
      COMPILED.putIfAbsent(regex, p);
    }
    return p;
  }
}
