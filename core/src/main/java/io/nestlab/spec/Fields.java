package io.nestlab.spec;

import io.nestlab.Problem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The fields of one mapping of a lab file, for {@link Binder}: reports unknown keys when made, and
 * each getter reports a value of the wrong type.
 */
final class Fields {
  private final Binder binder;
  private final Node node;
  private final String path;

  Fields(Binder binder, Node node, String path, List<String> known) {
    this.binder = binder;
    this.node = node;
    this.path = path;
    binder.locations.putIfAbsent(path, new int[] {node.line, node.column});
    for (Map.Entry<String, Node> e : node.fields.entrySet()) {
      String key = e.getKey();
      int[] at = node.keyLocations.get(key);
      binder.locations.putIfAbsent(
          Binder.child(path, key), new int[] {e.getValue().line, e.getValue().column});
      if (!known.contains(key)) {
        String where = path.isEmpty() ? "at the top level" : "in " + path;
        String hint = Suggestions.hint(key, known);
        binder.problems.add(
            Problem.of(
                    Binder.child(path, key),
                    "unknown key '"
                        + key
                        + "' "
                        + where
                        + hint
                        + (hint.isEmpty() ? "; the keys allowed here are " + known : ""))
                .at(at[0], at[1]));
        binder.badPaths.add(Binder.child(path, key));
      }
    }
  }

  /** The value node, or null when absent or empty ({@code key:} with no value). */
  Node get(String key) {
    Node v = node.fields.get(key);
    return v == null || v.kind == Node.Kind.NULL ? null : v;
  }

  String string(String key) {
    return string(key, null);
  }

  String string(String key, String absent) {
    Node v = get(key);
    if (v == null) {
      return absent;
    }
    if (v.kind != Node.Kind.STRING) {
      binder.wrongType(v, Binder.child(path, key), "text");
      return absent;
    }
    return v.text;
  }

  /** A version: text, or a number such as {@code 8.0} read as written. */
  String version(String key) {
    Node v = get(key);
    if (v == null) {
      return null;
    }
    if (v.kind != Node.Kind.STRING && !v.isNumber()) {
      binder.wrongType(v, Binder.child(path, key), "a version such as \"8.0U3\"");
      return null;
    }
    return v.text;
  }

  int integer(String key, int absent) {
    return integer(key, absent, absent);
  }

  /** The number; {@code absent} when the key is absent, {@code invalid} when it is wrong. */
  int integer(String key, int absent, int invalid) {
    if (get(key) == null) {
      return absent;
    }
    Integer v = integer(key);
    return v == null ? invalid : v;
  }

  Integer integer(String key) {
    Node v = get(key);
    if (v == null) {
      return null;
    }
    String p = Binder.child(path, key);
    if (!v.isNumber()) {
      binder.wrongType(v, p, "a whole number" + (v.kind == Node.Kind.STRING ? " (no quotes)" : ""));
      return null;
    }
    BigDecimal n;
    try {
      n = new BigDecimal(v.text);
    } catch (NumberFormatException e) {
      binder.wrongType(v, p, "a whole number");
      return null;
    }
    if (n.stripTrailingZeros().scale() > 0) {
      binder.wrongType(
          v,
          p,
          "a whole number, without a fraction (for example "
              + n.setScale(0, RoundingMode.CEILING)
              + ")");
      return null;
    }
    try {
      return n.intValueExact();
    } catch (ArithmeticException e) {
      binder.wrongType(v, p, "a whole number no larger than " + Integer.MAX_VALUE);
      return null;
    }
  }

  BigDecimal decimal(String key) {
    return number(key, "a number of US dollars such as 25 or 2.5", " (no quotes, no '$')");
  }

  double real(String key, double absent) {
    BigDecimal v = number(key, "a number such as 1.5", " (no quotes)");
    return v == null ? absent : v.doubleValue();
  }

  /** A number, or null when absent or wrong (reported with {@code what} and a quote hint). */
  private BigDecimal number(String key, String what, String quoted) {
    Node v = get(key);
    if (v == null) {
      return null;
    }
    if (v.isNumber()) {
      try {
        return new BigDecimal(v.text);
      } catch (NumberFormatException e) {
        // YAML numbers such as .inf or 0x1F: reported below
      }
    }
    binder.wrongType(v, Binder.child(path, key), what + (v.kind == Node.Kind.STRING ? quoted : ""));
    return null;
  }

  Duration duration(String key, Duration absent) {
    Node v = get(key);
    if (v == null) {
      return absent;
    }
    String p = Binder.child(path, key);
    if (v.kind != Node.Kind.STRING) {
      binder.wrongType(
          v,
          p,
          "a duration with a unit such as \"8h\", \"30m\" or \"2d\""
              + (v.isNumber() ? " (add the unit: " + v.text + "h is hours)" : ""));
      return absent;
    }
    return DurationText.parse(v.text)
        .orElseGet(
            () -> {
              binder.badPaths.add(p);
              binder.problems.add(
                  Problem.of(
                          p,
                          "'"
                              + v.text
                              + "' is not a duration; write a number and a unit (d, h, m, s),"
                              + " for example 8h, 30m, 2d or 1h30m")
                      .at(v.line, v.column));
              return absent;
            });
  }

  <E extends Enum<E>> E enumValue(String key, Class<E> type, E absent) {
    Node v = get(key);
    if (v == null) {
      return absent;
    }
    String p = Binder.child(path, key);
    if (v.kind == Node.Kind.STRING) {
      for (E e : type.getEnumConstants()) {
        if (Binder.fileName(e).equals(v.text)) {
          return e;
        }
      }
    }
    // The names only for the message: a stream is costly the first time (start-up, design 0200).
    List<String> names = Arrays.stream(type.getEnumConstants()).map(Binder::fileName).toList();
    if (v.kind != Node.Kind.STRING) {
      binder.wrongType(v, p, "one of " + String.join(" | ", names));
      return absent;
    }
    binder.badPaths.add(p);
    binder.problems.add(
        Problem.of(
                p,
                "'"
                    + v.text
                    + "' is not one of "
                    + String.join(" | ", names)
                    + Suggestions.hint(v.text, names))
            .at(v.line, v.column));
    return absent;
  }

  List<String> strings(String key) {
    Node v = get(key);
    if (v == null) {
      return List.of();
    }
    String p = Binder.child(path, key);
    if (v.kind == Node.Kind.STRING) {
      binder.wrongType(v, p, "a list such as [" + v.text + "]");
      return List.of();
    }
    if (!binder.expect(
        v,
        Node.Kind.ARRAY,
        p,
        "a list of names such as [" + String.join(", ", io.nestlab.Clouds.builtIn().ids()) + "]")) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.items.size(); i++) {
      Node item = v.items.get(i);
      String ip = p + "[" + i + "]";
      binder.locations.putIfAbsent(ip, new int[] {item.line, item.column});
      if (item.kind != Node.Kind.STRING) {
        binder.wrongType(item, ip, "a name");
      }
      out.add(item.text); // keeps the indexes of later items; a wrong item is reported above
    }
    return out;
  }
}
