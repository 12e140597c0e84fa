package io.nestlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.OwnResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Which CPU generations each ESXi major runs on, and which CPUs the clouds' series have; read from
 * {@code io/nestlab/spec/esxi-cpus.yaml}, where every row names its source. The rehearsal's host
 * program carries the same generations table (checked by a test) to judge the L1 host's own CPU;
 * {@link #verdict(String, String, VsphereVersion)} answers for a cloud series before anything is
 * created.
 */
public final class EsxiCpus {
  private static final String RESOURCE = "esxi-cpus.yaml";
  private static final EsxiCpus EMBEDDED = load();

  private final List<Generation> generations;
  private final List<SeriesCpus> series;

  /** The CPUs per cloud and series name, in the table's order: asked for every type planned. */
  private final Map<String, List<Generation>> bySeries = new HashMap<>();

  /** What an ESXi major says of a CPU generation, from best to worst. */
  public enum Support {
    SUPPORTED,
    /** NestLab has no statement for this ESXi major. */
    UNKNOWN,
    /** The installer warns; a later release drops it. */
    DEPRECATED,
    /** The installer blocks it (only the unsupported allowLegacyCPU=true gets past). */
    UNSUPPORTED;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One CPU generation as {@code /proc/cpuinfo} identifies it.
   *
   * @param models the {@code model} numbers (decimal)
   * @param minStepping the first stepping, 0 when any
   * @param maxStepping the last stepping, {@link Integer#MAX_VALUE} when any
   * @param byEsxiMajor the verdict per ESXi major ("8", "9"); a major not listed is unknown
   */
  public record Generation(
      String id,
      String name,
      String vendor,
      int family,
      List<Integer> models,
      int minStepping,
      int maxStepping,
      Map<String, Support> byEsxiMajor,
      boolean estimate,
      String source,
      String note) {
    public Generation {
      models = List.copyOf(models);
      byEsxiMajor = Map.copyOf(byEsxiMajor);
    }

    /** What the ESXi of {@code version}'s major says of this generation. */
    public Support on(VsphereVersion version) {
      return byEsxiMajor.getOrDefault(major(version), Support.UNKNOWN);
    }
  }

  /** The CPU generations a cloud series may run on. */
  public record SeriesCpus(
      String cloud, List<String> series, List<String> cpus, boolean estimate, String source) {
    public SeriesCpus {
      series = List.copyOf(series);
      cpus = List.copyOf(cpus);
    }
  }

  /**
   * The verdict for a series: the worst over the CPUs it may get.
   *
   * @param cpu the id of the generation that decided it; empty when the series is not known
   */
  public record Verdict(Support support, String cpu, String reason) {}

  EsxiCpus(List<Generation> generations, List<SeriesCpus> series) {
    this.generations = List.copyOf(generations);
    this.series = List.copyOf(series);
    Map<String, Generation> byId = new HashMap<>();
    for (Generation g : this.generations) {
      byId.putIfAbsent(g.id(), g);
    }
    for (SeriesCpus row : this.series) {
      for (String name : row.series()) {
        List<Generation> cpus = bySeries.get(key(row.cloud(), name));
        if (cpus == null) {
          cpus = new ArrayList<>();
          bySeries.put(key(row.cloud(), name), cpus);
        }
        for (String id : row.cpus()) {
          Generation g = byId.get(id);
          if (g == null) {
            throw new NoSuchElementException("no CPU generation " + id);
          }
          cpus.add(g);
        }
      }
    }
  }

  private static String key(String cloud, String series) {
    return cloud + '\u0000' + series;
  }

  /** The table shipped with this NestLab build. */
  public static EsxiCpus embedded() {
    return EMBEDDED;
  }

  public List<Generation> generations() {
    return generations;
  }

  public List<SeriesCpus> series() {
    return series;
  }

  public Optional<Generation> generation(String id) {
    for (Generation g : generations) {
      if (g.id().equals(id)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** The CPU generations {@code cloud}'s {@code series} may run on; empty when not known. */
  public List<Generation> cpusOf(String cloud, String series) {
    List<Generation> cpus = bySeries.get(key(cloud, series));
    return cpus == null ? List.of() : Collections.unmodifiableList(cpus);
  }

  /**
   * Whether ESXi {@code esxi} runs on what {@code cloud}'s {@code series} may be placed on: the
   * worst verdict over its CPUs, with a reason that names the CPU and what to do.
   */
  public Verdict verdict(String cloud, String series, VsphereVersion esxi) {
    List<Generation> cpus = cpusOf(cloud, series);
    if (cpus.isEmpty()) {
      return new Verdict(
          Support.UNKNOWN, "", "NestLab does not know the CPU of " + cloud + " series " + series);
    }
    Generation worst = cpus.get(0); // the first of the worst, as Stream.max gave it
    for (Generation g : cpus) {
      if (g.on(esxi).ordinal() > worst.on(esxi).ordinal()) {
        worst = g;
      }
    }
    Support s = worst.on(esxi);
    String v = "ESXi " + major(esxi);
    String reason =
        switch (s) {
          case SUPPORTED -> v + " supports " + worst.name();
          case UNKNOWN -> "NestLab has no statement on " + worst.name() + " for " + v;
          case DEPRECATED -> worst.name() + " is deprecated in " + v + " (" + worst.source() + ")";
          case UNSUPPORTED ->
              worst.name()
                  + " is not supported by "
                  + v
                  + " ("
                  + worst.source()
                  + "); choose a series with a newer CPU";
        };
    if (cpus.size() > 1 && s != Support.SUPPORTED) {
      reason += "; " + series + " may be placed on it (it runs on " + names(cpus) + ")";
    }
    return new Verdict(s, worst.id(), reason);
  }

  private static String names(List<Generation> cpus) {
    StringBuilder ids = new StringBuilder();
    for (Generation g : cpus) {
      ids.append(ids.length() == 0 ? "" : ", ").append(g.id());
    }
    return ids.toString();
  }

  /** The ESXi major of {@code version}: {@code "8"} for 8.0U3. */
  public static String major(VsphereVersion version) {
    String family = version.family();
    int dot = family.indexOf('.');
    return dot < 0 ? family : family.substring(0, dot);
  }

  /** The generations as the host program's CPU_TABLE spells them (one JSON object per row). */
  List<Map<String, Object>> hostTable() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Generation g : generations) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", g.id());
      row.put("name", g.name());
      row.put("vendor", g.vendor());
      row.put("family", g.family());
      row.put("models", g.models());
      row.put("steppings", List.of(g.minStepping(), Math.min(g.maxStepping(), 255)));
      Map<String, String> esxi = new java.util.TreeMap<>();
      g.byEsxiMajor().forEach((k, v) -> esxi.put(k, v.id()));
      row.put("esxi", esxi);
      out.add(row);
    }
    return out;
  }

  /** The packed form the build makes ({@link KnowledgeBinary}), else the YAML itself. */
  static EsxiCpus load() {
    return KnowledgeBinary.load(
        KnowledgeBinary.CPUS, KnowledgeBinary::readCpus, EsxiCpus::fromYaml);
  }

  /** The table as its YAML file gives it. */
  static EsxiCpus fromYaml() {
    try (InputStream in = OwnResources.open("/io/nestlab/spec/" + RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/nestlab/spec/" + RESOURCE);
      }
      // read as the knowledge table is, without Jackson's YAML stack: the planner asks this table
      // on every estimate, and SnakeYAML costs tens of ms at start-up (docs/design/0160)
      List<io.nestlab.Problem> problems = new ArrayList<>();
      Node root =
          new TreeReader(problems)
              .read(
                  new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                  SpecFormat.YAML);
      if (root == null || !problems.isEmpty()) {
        throw new IllegalStateException("io/nestlab/spec/" + RESOURCE + ": " + problems);
      }
      return fromTree(KnowledgeFile.jsonTree(root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read io/nestlab/spec/" + RESOURCE, e);
    }
  }

  static EsxiCpus fromTree(JsonNode root) {
    List<Generation> generations = new ArrayList<>();
    for (JsonNode row : root.path("generations")) {
      List<Integer> models = new ArrayList<>();
      row.path("models").forEach(m -> models.add(m.intValue()));
      JsonNode st = row.path("steppings");
      Map<String, Support> esxi = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : row.path("esxi").properties()) {
        esxi.put(e.getKey(), support(row, e.getValue().asText()));
      }
      Generation g =
          new Generation(
              text(row, "id"),
              text(row, "name"),
              text(row, "vendor"),
              row.path("family").intValue(),
              models,
              st.isArray() ? st.get(0).intValue() : 0,
              st.isArray() ? st.get(1).intValue() : Integer.MAX_VALUE,
              esxi,
              estimate(row),
              text(row, "source"),
              row.path("note").asText(""));
      if (models.isEmpty() || g.family() <= 0) {
        throw new IllegalStateException(RESOURCE + ": " + g.id() + " needs a family and models");
      }
      generations.add(g);
    }
    List<SeriesCpus> series = new ArrayList<>();
    for (JsonNode row : root.path("series")) {
      List<String> names = new ArrayList<>();
      row.path("series").forEach(n -> names.add(n.asText()));
      List<String> cpus = new ArrayList<>();
      row.path("cpus").forEach(n -> cpus.add(n.asText()));
      for (String c : cpus) {
        if (!hasGeneration(generations, c)) {
          throw new IllegalStateException(RESOURCE + ": series " + names + ": no CPU " + c);
        }
      }
      series.add(
          new SeriesCpus(text(row, "cloud"), names, cpus, estimate(row), text(row, "source")));
    }
    if (generations.isEmpty() || series.isEmpty()) {
      throw new IllegalStateException(RESOURCE + ": 'generations' and 'series' must not be empty");
    }
    return new EsxiCpus(generations, series);
  }

  private static boolean hasGeneration(List<Generation> generations, String id) {
    for (Generation g : generations) {
      if (g.id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  private static Support support(JsonNode row, String text) {
    try {
      Support s = Support.valueOf(text.toUpperCase(Locale.ROOT));
      if (s == Support.UNKNOWN) {
        throw new IllegalArgumentException(text);
      }
      return s;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          RESOURCE
              + ": "
              + row.path("id").asText()
              + ": '"
              + text
              + "' is not supported,"
              + " deprecated or unsupported (leave an unknown major out)",
          e);
    }
  }

  private static String text(JsonNode row, String key) {
    JsonNode v = row.get(key);
    if (v == null || !v.isValueNode() || v.asText().isBlank()) {
      throw new IllegalStateException(RESOURCE + ": row " + row + " lacks '" + key + "'");
    }
    return v.asText();
  }

  private static boolean estimate(JsonNode row) {
    String status = text(row, "status");
    if (!status.equals("documented") && !status.equals("estimate")) {
      throw new IllegalStateException(RESOURCE + ": status must be documented or estimate");
    }
    return status.equals("estimate");
  }
}
