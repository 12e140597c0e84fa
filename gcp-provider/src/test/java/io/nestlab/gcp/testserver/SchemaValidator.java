package io.nestlab.gcp.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates Compute Engine v1 request bodies against the gcloud export schemas (draft-06 YAML,
 * {@code $ref} to sibling files, {@code additionalProperties: false}, enums).
 *
 * <p>It implements exactly the keywords those files use: {@code type}, {@code properties}, {@code
 * additionalProperties} (false, or the map form {@code {key: ..., value: ...}} whose {@code value}
 * schema applies to every extra member), {@code items}, {@code enum} and {@code $ref}. Any other
 * keyword in a schema is reported, so a schema update cannot silently weaken the check. Two
 * deliberate readings, both documented in docs/design/0062-compute-test-server.md:
 *
 * <ul>
 *   <li>{@code type: integer} also accepts a JSON string of decimal digits: the proto3 JSON mapping
 *       (and the Compute API itself) writes int64 fields such as {@code diskSizeGb} as strings.
 *   <li>The gcloud-only members {@code COMMENT} and {@code UNKNOWN} are rejected: they are not API
 *       fields.
 * </ul>
 */
public final class SchemaValidator {
  private static final Set<String> KNOWN_KEYWORDS =
      Set.of(
          "$schema",
          "title",
          "description",
          "type",
          "properties",
          "additionalProperties",
          "items",
          "enum",
          "$ref");
  private static final Set<String> GCLOUD_ONLY = Set.of("COMMENT", "UNKNOWN");
  private static final Pattern INT64_STRING = Pattern.compile("-?[0-9]{1,19}");

  private final Path dir;
  private final Map<String, JsonNode> loaded = new HashMap<>();
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  public SchemaValidator(Path dir) {
    if (!Files.isRegularFile(dir.resolve("Instance.yaml"))
        && !Files.isRegularFile(dir.resolve("Instance.json"))) {
      throw new IllegalArgumentException(
          "no Compute v1 schemas in "
              + dir
              + "; expected the YAML schemas of Compute Engine v1 request bodies");
    }
    this.dir = dir;
  }

  /**
   * The schemas kept with the tests (a copy of {@code shared/data/gcp/compute-v1-schemas}), so the
   * test server validates on any machine, with or without the shared folder beside the clone.
   */
  public static SchemaValidator fromSharedDir() {
    var instance = SchemaValidator.class.getResource("compute-v1-schemas/Instance.yaml");
    if (instance == null || !"file".equals(instance.getProtocol())) {
      throw new IllegalStateException("the Compute v1 schemas are not on the test classpath");
    }
    try {
      return new SchemaValidator(Path.of(instance.toURI()).getParent());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The schemas generated from gcloud's Compute v1 message classes, kept with the tests
   * (compute-v1-messages, see its README): Snapshot, Disk, Image, Instance and what they reach.
   */
  public static SchemaValidator fromMessageClasses() {
    var instance = SchemaValidator.class.getResource("compute-v1-messages/Instance.json");
    if (instance == null || !"file".equals(instance.getProtocol())) {
      throw new IllegalStateException(
          "the Compute v1 message schemas are not on the test classpath");
    }
    try {
      return new SchemaValidator(Path.of(instance.toURI()).getParent());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every violation of {@code body} against schema file {@code schemaFile}; empty when valid. */
  public synchronized List<String> validate(String schemaFile, JsonNode body) {
    List<String> out = new ArrayList<>();
    check(load(schemaFile), body, "$", schemaFile, out);
    return out;
  }

  private JsonNode load(String file) {
    return loaded.computeIfAbsent(
        file,
        f -> {
          try {
            return yaml.readTree(dir.resolve(f).toFile());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + f, e);
          }
        });
  }

  private void check(JsonNode schema, JsonNode value, String path, String file, List<String> out) {
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KNOWN_KEYWORDS.contains(k)) {
        out.add(path + ": schema " + file + " uses keyword '" + k + "' this validator lacks");
      }
    }
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      check(load(ref), value, path, ref, out);
      return;
    }
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !typeMatches(type, value)) {
      out.add(path + ": expected " + type + " but got " + describe(value));
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) {
        found |= e.asText().equals(value.asText());
      }
      if (!found) {
        out.add(path + ": '" + value.asText() + "' is not one of " + schema.get("enum"));
      }
    }
    if (value.isObject()) {
      JsonNode props = schema.path("properties");
      JsonNode additional = schema.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String p = path + "." + f.getKey();
        if (GCLOUD_ONLY.contains(f.getKey())) {
          out.add(p + ": is a gcloud export key, not an API field");
        } else if (props.has(f.getKey())) {
          check(props.get(f.getKey()), f.getValue(), p, file, out);
        } else if (additional == null || additional.isBoolean() && !additional.asBoolean()) {
          out.add(p + ": is not a property of " + file + " (additionalProperties: false)");
        } else if (additional.has("value")) {
          check(additional.get("value"), f.getValue(), p, file, out);
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      int i = 0;
      for (JsonNode item : value) {
        check(schema.get("items"), item, path + "[" + i++ + "]", file, out);
      }
    }
  }

  private static boolean typeMatches(String type, JsonNode v) {
    switch (type) {
      case "object":
        return v.isObject();
      case "array":
        return v.isArray();
      case "string":
        return v.isTextual();
      case "boolean":
        return v.isBoolean();
      case "integer":
        return v.isIntegralNumber() || v.isTextual() && INT64_STRING.matcher(v.asText()).matches();
      case "number":
        return v.isNumber();
      default:
        return false;
    }
  }

  private static String describe(JsonNode v) {
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + v;
  }
}
