package io.nestlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.IsoDate;
import io.nestlab.OwnResources;
import io.nestlab.Problem;
import io.nestlab.spec.VsphereKnowledge.ApplianceSize;
import io.nestlab.spec.VsphereKnowledge.EsxiMinimum;
import io.nestlab.spec.VsphereKnowledge.Product;
import io.nestlab.spec.VsphereKnowledge.UpgradePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code io/nestlab/spec/vsphere-knowledge.yaml} into a {@link VsphereKnowledge}, refusing a
 * row without its source, status or required numbers.
 *
 * <p>The file is read by the lab files' own streaming reader ({@link TreeReader}) and its tree
 * turned into Jackson's tree nodes, as {@code YAMLMapper.readTree} would give them: every command
 * that reads a lab loads this table, and making an {@code ObjectMapper} cost about 45 ms of CPU at
 * start-up (docs/design/0160).
 */
final class KnowledgeFile {
  private static final String RESOURCE = "vsphere-knowledge.yaml";

  private KnowledgeFile() {}

  /** The packed form the build makes ({@link KnowledgeBinary}), else the YAML itself. */
  static VsphereKnowledge load() {
    return KnowledgeBinary.load(
        KnowledgeBinary.KNOWLEDGE, KnowledgeBinary::readKnowledge, KnowledgeFile::fromYaml);
  }

  /** The table as its YAML file gives it. */
  static VsphereKnowledge fromYaml() {
    try (InputStream in = OwnResources.open("/io/nestlab/spec/" + RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/nestlab/spec/" + RESOURCE);
      }
      List<Problem> problems = new ArrayList<>();
      Node root =
          new TreeReader(problems)
              .read(new String(in.readAllBytes(), StandardCharsets.UTF_8), SpecFormat.YAML);
      if (root == null || !problems.isEmpty()) {
        throw new IllegalStateException("io/nestlab/spec/" + RESOURCE + ": " + problems);
      }
      return fromTree(jsonTree(root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read io/nestlab/spec/" + RESOURCE, e);
    }
  }

  /** {@code node} as the tree {@code YAMLMapper.readTree} makes of the same text. */
  static JsonNode jsonTree(Node node) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (node.kind) {
      case OBJECT:
        {
          ObjectNode o = f.objectNode();
          for (java.util.Map.Entry<String, Node> e : node.fields.entrySet()) {
            o.set(e.getKey(), jsonTree(e.getValue()));
          }
          return o;
        }
      case ARRAY:
        {
          ArrayNode a = f.arrayNode();
          for (Node item : node.items) {
            a.add(jsonTree(item));
          }
          return a;
        }
      case STRING:
        return f.textNode(node.text);
      case INTEGER:
        {
          BigInteger n = new BigInteger(node.text);
          if (n.bitLength() < 32) {
            return f.numberNode(n.intValue());
          }
          return n.bitLength() < 64 ? f.numberNode(n.longValue()) : f.numberNode(n);
        }
      case DECIMAL:
        return f.numberNode(new BigDecimal(node.text).doubleValue());
      case BOOLEAN:
        return f.booleanNode(Boolean.parseBoolean(node.text));
      case NULL:
      default:
        return f.nullNode();
    }
  }

  static VsphereKnowledge fromTree(JsonNode root) {
    List<VsphereVersion> versions = new ArrayList<>();
    for (JsonNode row : rows(root, "versions")) {
      versions.add(VsphereVersion.of(text(row, "version")));
    }
    List<EsxiMinimum> minimums = new ArrayList<>();
    for (JsonNode row : rows(root, "esxiMinimums")) {
      minimums.add(
          new EsxiMinimum(
              text(row, "family"),
              number(row, "cpus"),
              number(row, "memoryGib"),
              number(row, "bootDiskGib"),
              number(row, "ownMemoryGib"),
              estimate(row),
              text(row, "source")));
    }
    List<ApplianceSize> sizes = new ArrayList<>();
    for (JsonNode row : rows(root, "vcenterSizes")) {
      sizes.add(
          new ApplianceSize(
              text(row, "family"),
              text(row, "size"),
              number(row, "cpus"),
              number(row, "memoryGib"),
              estimate(row),
              text(row, "source")));
    }
    List<VsphereKnowledge.Manages> manages = new ArrayList<>();
    for (JsonNode row : rows(root, "manages")) {
      text(row, "source");
      List<String> esxi = new ArrayList<>();
      row.path("esxi").forEach(e -> esxi.add(e.asText()));
      manages.add(new VsphereKnowledge.Manages(text(row, "vcenter"), List.copyOf(esxi)));
    }
    List<UpgradePath> upgrades = new ArrayList<>();
    for (JsonNode row : rows(root, "upgrades")) {
      List<Product> products = new ArrayList<>();
      row.path("products")
          .forEach(p -> products.add(Product.valueOf(p.asText().toUpperCase(Locale.ROOT))));
      upgrades.add(
          new UpgradePath(
              VsphereVersion.of(text(row, "from")),
              VsphereVersion.of(text(row, "to")),
              products,
              estimate(row),
              text(row, "source"),
              row.path("note").asText("")));
    }
    List<VsphereRelease> releases = new ArrayList<>();
    for (JsonNode row : rows(root, "releases")) {
      releases.add(release(row));
    }
    releases.sort((a, b) -> Long.compare(a.build(), b.build()));
    return new VsphereKnowledge(versions, minimums, sizes, manages, upgrades, releases);
  }

  private static VsphereRelease release(JsonNode row) {
    JsonNode build = row.get("build");
    if (build == null || !build.canConvertToLong()) {
      throw new IllegalStateException(RESOURCE + ": row " + row + " lacks number 'build'");
    }
    LocalDate released = null;
    if (row.hasNonNull("released")) {
      try {
        released = IsoDate.parse(row.get("released").asText());
      } catch (DateTimeParseException e) {
        throw new IllegalStateException(RESOURCE + ": row " + row + ": released is YYYY-MM-DD", e);
      }
    } else if (row.path("note").asText("").isBlank()) {
      throw new IllegalStateException(RESOURCE + ": row " + row + " has no date and no note why");
    }
    return new VsphereRelease(
        Product.valueOf(text(row, "product").toUpperCase(Locale.ROOT)),
        VsphereVersion.of(text(row, "version")),
        text(row, "name"),
        build.longValue(),
        released,
        text(row, "source"),
        row.path("note").asText(""));
  }

  private static Iterable<JsonNode> rows(JsonNode root, String key) {
    JsonNode rows = root.path(key);
    if (!rows.isArray() || rows.isEmpty()) {
      throw new IllegalStateException(RESOURCE + ": '" + key + "' must be a non-empty list");
    }
    return rows;
  }

  private static String text(JsonNode row, String key) {
    JsonNode v = row.get(key);
    if (v == null || !v.isValueNode() || v.asText().isBlank()) {
      throw new IllegalStateException(RESOURCE + ": row " + row + " lacks '" + key + "'");
    }
    return v.asText();
  }

  private static int number(JsonNode row, String key) {
    JsonNode v = row.get(key);
    if (v == null || !v.canConvertToInt()) {
      throw new IllegalStateException(RESOURCE + ": row " + row + " lacks number '" + key + "'");
    }
    return v.intValue();
  }

  private static boolean estimate(JsonNode row) {
    String status = text(row, "status");
    if (!status.equals("documented") && !status.equals("estimate")) {
      throw new IllegalStateException(RESOURCE + ": status must be documented or estimate");
    }
    return status.equals("estimate");
  }
}
