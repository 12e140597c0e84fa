package io.nestlab.spec;

import io.nestlab.Problem;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link Node} tree into a {@link LabSpec}. Reports unknown keys (with a "did you mean"),
 * values of the wrong type, and missing sections; remembers where each path was in the file. Range
 * and vSphere rules are {@link SpecValidator}'s job.
 */
final class Binder {
  final List<Problem> problems;
  final Map<String, int[]> locations = new HashMap<>();
  final Set<String> badPaths = new HashSet<>();

  Binder(List<Problem> problems) {
    this.problems = problems;
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The file keys of a model record: its component names, in order. */
  static List<String> keys(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
  }

  /** The spec, or null when the file lacks what a spec cannot be built without. */
  LabSpec bind(Node root) {
    Obj o = object(root, "", LabSpec.class);
    if (o == null) {
      return null;
    }
    String apiVersion = o.string("apiVersion");
    String name = o.string("name");
    EsxiSpec esxi = esxi(o.get("esxi"), "esxi");
    VcenterSpec vcenter = vcenter(o.get("vcenter"), "vcenter");
    List<GuestSpec> guests = guests(o.get("guests"), "guests");
    NetworkSpec network = network(o.get("network"), "network");
    MediaSpec media = media(o.get("media"), "media");
    UpgradeSpec upgrade = upgrade(o.get("upgrade"), "upgrade");
    PolicySpec policy = policy(o.get("policy"), "policy");
    PlacementSpec placement = placement(o.get("placement"), "placement");
    if (esxi == null) {
      if (!badPaths.contains("esxi")) {
        problems.add(
            located(
                "esxi",
                "missing: every lab needs ESXi hosts; add for example"
                    + " 'esxi: { version: \"8.0U3\", count: 3 }'"));
      }
      return null;
    }
    return new LabSpec(
        apiVersion, name, esxi, vcenter, guests, network, media, upgrade, policy, placement);
  }

  private EsxiSpec esxi(Node node, String path) {
    Obj o = object(node, path, EsxiSpec.class);
    if (o == null) {
      return null;
    }
    Map<String, HostOverride> overrides = new LinkedHashMap<>();
    Node ov = o.get("overrides");
    if (ov != null
        && expect(
            ov,
            Node.Kind.OBJECT,
            child(path, "overrides"),
            "a mapping of host"
                + " name to sizes, for example 'overrides: { esx-01: { memoryGib: 24 } }'")) {
      for (Map.Entry<String, Node> e : ov.fields.entrySet()) {
        String p = child(child(path, "overrides"), e.getKey());
        if (e.getValue().kind == Node.Kind.NULL) {
          empty(
              e.getValue(), p, "no sizes given; write for example { memoryGib: 24 } or remove it");
          continue;
        }
        Obj h = object(e.getValue(), p, HostOverride.class);
        if (h != null) {
          overrides.put(
              e.getKey(),
              new HostOverride(
                  h.integer("cpus"),
                  h.integer("memoryGib"),
                  h.integer("bootDiskGib"),
                  h.integer("datastoreDiskGib")));
        }
      }
    }
    return new EsxiSpec(
        o.version("version"),
        o.integer("count", EsxiSpec.DEFAULT_COUNT, 0), // 0 hosts: later checks skip host names
        o.string("namePrefix", EsxiSpec.DEFAULT_NAME_PREFIX),
        o.integer("cpus", EsxiSpec.DEFAULT_CPUS),
        o.integer("memoryGib", EsxiSpec.DEFAULT_MEMORY_GIB),
        o.integer("bootDiskGib", EsxiSpec.DEFAULT_BOOT_DISK_GIB),
        o.integer("datastoreDiskGib", EsxiSpec.DEFAULT_DATASTORE_DISK_GIB),
        overrides);
  }

  private VcenterSpec vcenter(Node node, String path) {
    Obj o = object(node, path, VcenterSpec.class);
    if (o == null) {
      return null;
    }
    return new VcenterSpec(
        o.version("version"), o.string("size", VcenterSpec.DEFAULT_SIZE), o.string("placement"));
  }

  private List<GuestSpec> guests(Node node, String path) {
    List<GuestSpec> guests = new ArrayList<>();
    if (node == null
        || !expect(
            node, Node.Kind.ARRAY, path, "a list of guests, each starting with '- name: ...'")) {
      return guests;
    }
    for (int i = 0; i < node.items.size(); i++) {
      String p = path + "[" + i + "]";
      if (node.items.get(i).kind == Node.Kind.NULL) {
        empty(
            node.items.get(i), p, "an empty guest; describe it ('- name: ...') or remove the '-'");
        continue;
      }
      Obj o = object(node.items.get(i), p, GuestSpec.class);
      if (o == null) {
        continue;
      }
      guests.add(
          new GuestSpec(
              o.string("name"),
              o.integer("cpus", GuestSpec.DEFAULT_CPUS),
              o.integer("memoryGib", GuestSpec.DEFAULT_MEMORY_GIB),
              o.integer("diskGib", GuestSpec.DEFAULT_DISK_GIB),
              o.string("host"),
              o.string("image")));
    }
    return guests;
  }

  private NetworkSpec network(Node node, String path) {
    Obj o = object(node, path, NetworkSpec.class);
    if (o == null) {
      return null;
    }
    return new NetworkSpec(
        o.string("cidr", NetworkSpec.DEFAULT_CIDR), o.string("domain", NetworkSpec.DEFAULT_DOMAIN));
  }

  private MediaSpec media(Node node, String path) {
    Obj o = object(node, path, MediaSpec.class);
    if (o == null) {
      return null;
    }
    return new MediaSpec(
        mediaRef(o.get("esxiIso"), child(path, "esxiIso")),
        mediaRef(o.get("vcsaIso"), child(path, "vcsaIso")));
  }

  private MediaRef mediaRef(Node node, String path) {
    Obj o = object(node, path, MediaRef.class);
    if (o == null) {
      return null;
    }
    return new MediaRef(o.string("url"), o.string("sha256"));
  }

  private UpgradeSpec upgrade(Node node, String path) {
    Obj o = object(node, path, UpgradeSpec.class);
    if (o == null) {
      return null;
    }
    return new UpgradeSpec(
        o.version("esxiVersion"),
        o.version("vcenterVersion"),
        mediaRef(o.get("esxiIso"), child(path, "esxiIso")),
        mediaRef(o.get("vcsaIso"), child(path, "vcsaIso")));
  }

  private PolicySpec policy(Node node, String path) {
    Obj o = object(node, path, PolicySpec.class);
    if (o == null) {
      return null;
    }
    return new PolicySpec(
        o.duration("ttl", PolicySpec.DEFAULT_TTL),
        o.decimal("budgetUsd"),
        o.enumValue("onBudget", BudgetAction.class, PolicySpec.DEFAULT_ON_BUDGET),
        o.real("memoryOvercommit", PolicySpec.DEFAULT_MEMORY_OVERCOMMIT),
        o.real("cpuOvercommit", PolicySpec.DEFAULT_CPU_OVERCOMMIT));
  }

  private PlacementSpec placement(Node node, String path) {
    Obj o = object(node, path, PlacementSpec.class);
    if (o == null) {
      return null;
    }
    return new PlacementSpec(
        o.strings("providers"),
        o.strings("regions"),
        o.enumValue("kind", PlacementKind.class, PlacementKind.ANY),
        o.enumValue("market", MarketPreference.class, MarketPreference.ON_DEMAND),
        o.decimal("maxHourlyUsd"));
  }

  /** The file name of an enum constant: {@code ON_DEMAND} is {@code on-demand}. */
  static String fileName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  Problem located(String path, String message) {
    int[] at = locate(path);
    Problem p = Problem.of(path, message);
    return at == null ? p : p.at(at[0], at[1]);
  }

  /** Where a path, or its nearest enclosing path, was in the file. */
  int[] locate(String path) {
    String p = path;
    while (true) {
      int[] at = locations.get(p);
      if (at != null) {
        return at;
      }
      if (p.isEmpty()) {
        return null;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }

  private boolean expect(Node node, Node.Kind kind, String path, String what) {
    locations.putIfAbsent(path, new int[] {node.line, node.column});
    if (node.kind == kind) {
      return true;
    }
    wrongType(node, path, what);
    return false;
  }

  private void empty(Node node, String path, String message) {
    badPaths.add(path);
    locations.putIfAbsent(path, new int[] {node.line, node.column});
    problems.add(Problem.of(path, message).at(node.line, node.column));
  }

  private void wrongType(Node node, String path, String what) {
    badPaths.add(path);
    problems.add(
        Problem.of(path, "expected " + what + ", got " + node.describe())
            .at(node.line, node.column));
  }

  /** The object at {@code node}, or null when it is absent (or of another type: reported). */
  private Obj object(Node node, String path, Class<? extends Record> type) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    if (!expect(node, Node.Kind.OBJECT, path, "a mapping with the keys " + keys(type))) {
      return null;
    }
    return new Obj(node, path, keys(type));
  }

  /** The fields of one mapping; each getter reports a value of the wrong type. */
  final class Obj {
    private final Node node;
    private final String path;

    Obj(Node node, String path, List<String> known) {
      this.node = node;
      this.path = path;
      locations.putIfAbsent(path, new int[] {node.line, node.column});
      for (Map.Entry<String, Node> e : node.fields.entrySet()) {
        String key = e.getKey();
        int[] at = node.keyLocations.get(key);
        locations.putIfAbsent(child(path, key), new int[] {e.getValue().line, e.getValue().column});
        if (!known.contains(key)) {
          String where = path.isEmpty() ? "at the top level" : "in " + path;
          String hint = Suggestions.hint(key, known);
          problems.add(
              Problem.of(
                      child(path, key),
                      "unknown key '"
                          + key
                          + "' "
                          + where
                          + hint
                          + (hint.isEmpty() ? "; the keys allowed here are " + known : ""))
                  .at(at[0], at[1]));
          badPaths.add(child(path, key));
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
        wrongType(v, child(path, key), "text");
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
        wrongType(v, child(path, key), "a version such as \"8.0U3\"");
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
      String p = child(path, key);
      if (!v.isNumber()) {
        wrongType(v, p, "a whole number" + (v.kind == Node.Kind.STRING ? " (no quotes)" : ""));
        return null;
      }
      BigDecimal n;
      try {
        n = new BigDecimal(v.text);
      } catch (NumberFormatException e) {
        wrongType(v, p, "a whole number");
        return null;
      }
      if (n.stripTrailingZeros().scale() > 0) {
        wrongType(
            v,
            p,
            "a whole number, without a fraction (for example "
                + n.setScale(0, java.math.RoundingMode.CEILING)
                + ")");
        return null;
      }
      try {
        return n.intValueExact();
      } catch (ArithmeticException e) {
        wrongType(v, p, "a whole number no larger than " + Integer.MAX_VALUE);
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
      wrongType(v, child(path, key), what + (v.kind == Node.Kind.STRING ? quoted : ""));
      return null;
    }

    Duration duration(String key, Duration absent) {
      Node v = get(key);
      if (v == null) {
        return absent;
      }
      String p = child(path, key);
      if (v.kind != Node.Kind.STRING) {
        wrongType(
            v,
            p,
            "a duration with a unit such as \"8h\", \"30m\" or \"2d\""
                + (v.isNumber() ? " (add the unit: " + v.text + "h is hours)" : ""));
        return absent;
      }
      return DurationText.parse(v.text)
          .orElseGet(
              () -> {
                badPaths.add(p);
                problems.add(
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
      String p = child(path, key);
      List<String> names = Arrays.stream(type.getEnumConstants()).map(Binder::fileName).toList();
      if (v.kind != Node.Kind.STRING) {
        wrongType(v, p, "one of " + String.join(" | ", names));
        return absent;
      }
      for (E e : type.getEnumConstants()) {
        if (fileName(e).equals(v.text)) {
          return e;
        }
      }
      badPaths.add(p);
      problems.add(
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
      String p = child(path, key);
      if (v.kind == Node.Kind.STRING) {
        wrongType(v, p, "a list such as [" + v.text + "]");
        return List.of();
      }
      if (!expect(v, Node.Kind.ARRAY, p, "a list of names such as [aws, gcp]")) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < v.items.size(); i++) {
        Node item = v.items.get(i);
        String ip = p + "[" + i + "]";
        locations.putIfAbsent(ip, new int[] {item.line, item.column});
        if (item.kind != Node.Kind.STRING) {
          wrongType(item, ip, "a name");
        }
        out.add(item.text); // keeps the indexes of later items; a wrong item is reported above
      }
      return out;
    }
  }
}
