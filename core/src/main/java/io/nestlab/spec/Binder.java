package io.nestlab.spec;

import io.nestlab.Problem;
import java.util.ArrayList;
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
    java.lang.reflect.RecordComponent[] components = type.getRecordComponents();
    String[] names = new String[components.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = components[i].getName(); // a loop: read at every start-up (design 0200)
    }
    return List.of(names);
  }

  /** The spec, or null when the file lacks what a spec cannot be built without. */
  LabSpec bind(Node root) {
    Fields o = object(root, "", LabSpec.class);
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
    Fields o = object(node, path, EsxiSpec.class);
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
        Fields h = object(e.getValue(), p, HostOverride.class);
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
    Fields o = object(node, path, VcenterSpec.class);
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
      Fields o = object(node.items.get(i), p, GuestSpec.class);
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
    Fields o = object(node, path, NetworkSpec.class);
    if (o == null) {
      return null;
    }
    return new NetworkSpec(
        o.string("cidr", NetworkSpec.DEFAULT_CIDR), o.string("domain", NetworkSpec.DEFAULT_DOMAIN));
  }

  private MediaSpec media(Node node, String path) {
    Fields o = object(node, path, MediaSpec.class);
    if (o == null) {
      return null;
    }
    return new MediaSpec(
        mediaRef(o.get("esxiIso"), child(path, "esxiIso")),
        mediaRef(o.get("vcsaIso"), child(path, "vcsaIso")));
  }

  private MediaRef mediaRef(Node node, String path) {
    Fields o = object(node, path, MediaRef.class);
    if (o == null) {
      return null;
    }
    return new MediaRef(o.string("url"), o.string("sha256"));
  }

  private UpgradeSpec upgrade(Node node, String path) {
    Fields o = object(node, path, UpgradeSpec.class);
    if (o == null) {
      return null;
    }
    return new UpgradeSpec(
        o.version("esxiVersion"),
        o.version("vcenterVersion"),
        mediaRef(o.get("esxiIso"), child(path, "esxiIso")),
        mediaRef(o.get("vcsaIso"), child(path, "vcsaIso")),
        o.string("applianceHost"),
        mediaRef(o.get("esxiDepot"), child(path, "esxiDepot")));
  }

  private PolicySpec policy(Node node, String path) {
    Fields o = object(node, path, PolicySpec.class);
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
    Fields o = object(node, path, PlacementSpec.class);
    if (o == null) {
      return null;
    }
    return new PlacementSpec(
        o.strings("providers"),
        o.strings("regions"),
        o.enumValue("kind", PlacementKind.class, PlacementKind.ANY),
        o.enumValue("market", MarketPreference.class, MarketPreference.ON_DEMAND),
        o.decimal("maxHourlyUsd"),
        o.strings("instanceTypes"));
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

  boolean expect(Node node, Node.Kind kind, String path, String what) {
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

  void wrongType(Node node, String path, String what) {
    badPaths.add(path);
    problems.add(
        Problem.of(path, "expected " + what + ", got " + node.describe())
            .at(node.line, node.column));
  }

  /** The object at {@code node}, or null when it is absent (or of another type: reported). */
  private Fields object(Node node, String path, Class<? extends Record> type) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    if (!expect(node, Node.Kind.OBJECT, path, "a mapping with the keys " + keys(type))) {
      return null;
    }
    return new Fields(this, node, path, keys(type));
  }
}
