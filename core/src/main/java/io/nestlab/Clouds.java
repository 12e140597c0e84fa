package io.nestlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clouds NestLab knows, by id: the one provider list. Built from {@code
 * io/nestlab/catalog/clouds.tsv} ({@link #builtIn()}); a provider's factory may override its row
 * ({@link #with}). Asking for an id not in the list fails naming the known ones.
 */
public final class Clouds {
  /** Where the built-in traits live, beside the embedded catalog. */
  public static final String RESOURCE = "/io/nestlab/catalog/clouds.tsv";

  private static final List<String> COLUMNS =
      List.of(
          "id",
          "displayName",
          "simulated",
          "regionPattern",
          "zonePattern",
          "exampleRegion",
          "userDataMaxBytes",
          "userDataEncoding",
          "storageSchemes",
          "billingMinimumPerStart",
          "nestedSeries",
          "spot",
          "spotNote",
          "leaseSource",
          "diskMonth",
          "spotFirstHourFree",
          "hyperdiskOnly",
          "customShapes",
          "credentials",
          "credentialsHint",
          "apiRate");

  private static volatile Clouds builtIn;

  private final Map<String, CloudTraits> byId;
  private final List<String> order;

  private Clouds(Map<String, CloudTraits> byId) {
    this.byId = Map.copyOf(byId);
    this.order = List.copyOf(byId.keySet());
  }

  /** The built-in table, read once. */
  public static Clouds builtIn() {
    Clouds c = builtIn;
    if (c == null) {
      try (InputStream in = OwnResources.open(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from nestlab-core");
        }
        c = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      builtIn = c;
    }
    return c;
  }

  /** A table of exactly these clouds, in this order. */
  public static Clouds of(Collection<CloudTraits> clouds) {
    Map<String, CloudTraits> m = new LinkedHashMap<>();
    for (CloudTraits t : clouds) {
      if (m.putIfAbsent(t.id(), t) != null) {
        throw new IllegalArgumentException("cloud " + t.id() + " is listed twice");
      }
    }
    return new Clouds(m);
  }

  /**
   * Reads a traits table: tab-separated, a header row naming the columns (in any order), one row
   * per cloud; {@code #} starts a comment line; {@code -} is an empty list or text.
   *
   * @throws IllegalArgumentException naming the source, line and column that is wrong
   */
  public static Clouds parse(String text, String source) {
    List<String> header = null;
    List<CloudTraits> rows = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> cells = Arrays.asList(lines[i].split("\t", -1));
      String where = source + ":" + (i + 1) + ": ";
      if (header == null) {
        header = stripped(cells);
        if (!new TreeSet<>(header).equals(new TreeSet<>(COLUMNS))) {
          throw new IllegalArgumentException(
              where + "the header must name the columns " + String.join(", ", COLUMNS));
        }
        continue;
      }
      if (cells.size() != header.size()) {
        throw new IllegalArgumentException(
            where + cells.size() + " cells, but the header names " + header.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < cells.size(); c++) {
        row.put(header.get(c), cells.get(c).strip());
      }
      try {
        rows.add(row(row));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    return of(rows);
  }

  private static CloudTraits row(Map<String, String> r) {
    Set<String> spot = set(r.get("spot"));
    for (String s : spot) {
      if (!s.equals("metal") && !s.equals("nested")) {
        throw new IllegalArgumentException("spot lists '" + s + "'; use metal, nested or -");
      }
    }
    return new CloudTraits(
        r.get("id"),
        r.get("displayName"),
        yesNo(r.get("simulated"), "simulated"),
        r.get("regionPattern"),
        r.get("zonePattern"),
        r.get("exampleRegion"),
        Integer.parseInt(r.get("userDataMaxBytes")),
        CloudTraits.UserDataEncoding.valueOf(r.get("userDataEncoding")),
        set(r.get("storageSchemes")),
        Durations.parse(r.get("billingMinimumPerStart")),
        set(r.get("nestedSeries")),
        spot.contains("metal"),
        spot.contains("nested"),
        r.get("spotNote").equals("-") ? "" : r.get("spotNote"),
        CloudTraits.LeaseSource.valueOf(r.get("leaseSource")),
        diskMonth(r.get("diskMonth")),
        yesNo(r.get("spotFirstHourFree"), "spotFirstHourFree"),
        set(r.get("hyperdiskOnly")),
        set(r.get("customShapes")),
        list(r.get("credentials")),
        r.get("credentialsHint").equals("-") ? "" : r.get("credentialsHint"),
        r.get("apiRate").equals("-") ? "none" : r.get("apiRate"));
  }

  private static List<String> list(String cell) {
    if (cell == null || cell.equals("-") || cell.isBlank()) {
      return List.of();
    }
    return stripped(Arrays.asList(cell.split(",")));
  }

  // Loops, not streams, here and below: this table is read by every command that reads a lab, and
  // a JVM's first stream costs ~4 ms of CPU to link the JDK's own lambdas (docs/design/0200).
  private static List<String> stripped(List<String> cells) {
    List<String> out = new ArrayList<>(cells.size());
    for (String c : cells) {
      out.add(c.strip());
    }
    return List.copyOf(out);
  }

  private static boolean diskMonth(String cell) {
    return switch (cell) {
      case "calendar" -> true;
      case "730h" -> false;
      default ->
          throw new IllegalArgumentException("diskMonth is '" + cell + "'; use calendar or 730h");
    };
  }

  private static boolean yesNo(String cell, String column) {
    return switch (cell) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw new IllegalArgumentException(column + " is '" + cell + "'; use yes or no");
    };
  }

  private static Set<String> set(String cell) {
    if (cell == null || cell.equals("-") || cell.isBlank()) {
      return Set.of();
    }
    return Set.copyOf(stripped(Arrays.asList(cell.split(","))));
  }

  /** This table with {@code override} in place of the row of the same id (or added). */
  public Clouds with(CloudTraits override) {
    Map<String, CloudTraits> m = new LinkedHashMap<>();
    for (String id : order) {
      m.put(id, byId.get(id));
    }
    m.put(override.id(), override);
    return new Clouds(m);
  }

  /** The ids, in table order. */
  public List<String> ids() {
    return order;
  }

  /** Every cloud's traits, in table order. */
  public List<CloudTraits> all() {
    List<CloudTraits> all = new ArrayList<>(order.size());
    for (String id : order) {
      all.add(byId.get(id));
    }
    return List.copyOf(all);
  }

  /** The traits of {@code id}, if it is known. */
  public Optional<CloudTraits> find(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  /**
   * The traits of {@code id}.
   *
   * @throws NestLabException for an unknown id, naming the known ones
   */
  public CloudTraits get(String id) {
    CloudTraits t = id == null ? null : byId.get(id);
    if (t == null) {
      throw new NestLabException(
          "unknown provider '" + id + "'; known providers: " + String.join(", ", order));
    }
    return t;
  }

  /** The real (not simulated) cloud whose regions {@code region} names, if any. */
  public Optional<CloudTraits> ownerOfRegion(String region) {
    for (CloudTraits t : all()) {
      if (!t.simulated() && t.isRegion(region)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The real cloud of which {@code zone} is a zone, with that zone's region, if any. */
  public Optional<Map.Entry<CloudTraits, String>> ownerOfZone(String zone) {
    for (CloudTraits t : all()) {
      String region = t.simulated() ? null : t.regionOfZone(zone);
      if (region != null) {
        return Optional.of(Map.entry(t, region));
      }
    }
    return Optional.empty();
  }

  /** The cloud whose object storage a URL scheme ({@code s3}) names, if any. */
  public Optional<CloudTraits> ownerOfScheme(String scheme) {
    for (CloudTraits t : all()) {
      if (t.storageSchemes().contains(scheme)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Every cloud's object storage schemes ({@code s3}, {@code gs}), in table order and each cloud's
   * schemes sorted: what lab files may use besides {@code https}.
   */
  public List<String> storageSchemes() {
    List<String> schemes = new ArrayList<>();
    for (CloudTraits c : all()) {
      for (String x : new TreeSet<>(c.storageSchemes())) {
        if (!schemes.contains(x)) {
          schemes.add(x);
        }
      }
    }
    return List.copyOf(schemes);
  }

  /**
   * The media URL forms for messages, storage schemes first: {@code s3://, gs:// or https://} with
   * the built-in table; {@code withPaths} adds {@code BUCKET/PATH} to each storage scheme and
   * {@code HOST/PATH} to https ({@code s3://BUCKET/PATH, gs://BUCKET/PATH or https://HOST/PATH}).
   */
  public String mediaUrlForms(boolean withPaths) {
    List<String> forms = new ArrayList<>();
    for (String scheme : storageSchemes()) {
      forms.add(scheme + (withPaths ? "://BUCKET/PATH" : "://"));
    }
    forms.add(withPaths ? "https://HOST/PATH" : "https://");
    return orList(forms);
  }

  /** The storage URL forms alone, for messages: {@code s3:// or gs://}. */
  public String storageUrlForms() {
    List<String> forms = new ArrayList<>();
    for (String scheme : storageSchemes()) {
      forms.add(scheme + "://");
    }
    return orList(forms);
  }

  /** The storage URL of an example bucket for messages: {@code s3://BUCKET}, else https. */
  public String exampleStorageUrl() {
    List<String> schemes = storageSchemes();
    return schemes.isEmpty() ? "https://HOST" : schemes.get(0) + "://BUCKET";
  }

  private static String orList(List<String> items) {
    return items.size() <= 1
        ? String.join("", items)
        : String.join(", ", items.subList(0, items.size() - 1))
            + " or "
            + items.get(items.size() - 1);
  }

  @Override
  public String toString() {
    return "Clouds" + order;
  }
}
