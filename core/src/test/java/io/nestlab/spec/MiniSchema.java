package io.nestlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small JSON Schema (draft-07) checker for the keywords lab-spec.schema.json uses: type,
 * properties, additionalProperties, required, enum, pattern, minimum, maximum, exclusiveMinimum,
 * items, uniqueItems and local $ref. It fails on any other keyword, so the schema cannot grow a
 * rule this test silently ignores.
 */
final class MiniSchema {
  private static final List<String> KNOWN =
      List.of(
          "$schema",
          "title",
          "description",
          "default",
          "definitions",
          "$ref",
          "type",
          "properties",
          "additionalProperties",
          "required",
          "enum",
          "pattern",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "items",
          "uniqueItems");

  private final JsonNode root;

  MiniSchema(JsonNode root) {
    this.root = root;
  }

  /** Every violation of {@code value} against the whole schema; empty when it conforms. */
  List<String> check(JsonNode value) {
    List<String> out = new ArrayList<>();
    check(root, value, "", out);
    return out;
  }

  private void check(JsonNode schema, JsonNode value, String path, List<String> out) {
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KNOWN.contains(k)) {
        throw new IllegalStateException("MiniSchema does not know keyword " + k + " at " + path);
      }
    }
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      check(root.at(ref.substring(1)), value, path, out);
      return;
    }
    if (schema.has("type") && !typeMatches(schema.get("type").asText(), value)) {
      out.add(path + ": not of type " + schema.get("type").asText());
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) {
        found |= e.equals(value);
      }
      if (!found) {
        out.add(path + ": not in enum");
      }
    }
    if (schema.has("pattern")
        && value.isTextual()
        && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
      out.add(path + ": does not match " + schema.get("pattern").asText());
    }
    if (schema.has("minimum")
        && value.isNumber()
        && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
      out.add(path + ": below minimum");
    }
    if (schema.has("maximum")
        && value.isNumber()
        && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
      out.add(path + ": above maximum");
    }
    if (schema.has("exclusiveMinimum")
        && value.isNumber()
        && value.decimalValue().compareTo(schema.get("exclusiveMinimum").decimalValue()) <= 0) {
      out.add(path + ": not above exclusiveMinimum");
    }
    if (value.isObject()) {
      JsonNode props = schema.path("properties");
      for (JsonNode r : schema.path("required")) {
        if (!value.has(r.asText())) {
          out.add(path + ": lacks required " + r.asText());
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
        if (props.has(f.getKey())) {
          check(props.get(f.getKey()), f.getValue(), p, out);
        } else if (schema.has("additionalProperties")) {
          JsonNode ap = schema.get("additionalProperties");
          if (ap.isBoolean()) {
            if (!ap.asBoolean()) {
              out.add(p + ": additional property not allowed");
            }
          } else {
            check(ap, f.getValue(), p, out);
          }
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), path + "[" + i + "]", out);
      }
      if (schema.path("uniqueItems").asBoolean()) {
        for (int i = 0; i < value.size(); i++) {
          for (int j = i + 1; j < value.size(); j++) {
            if (value.get(i).equals(value.get(j))) {
              out.add(path + ": duplicate items");
            }
          }
        }
      }
    }
  }

  private static boolean typeMatches(String type, JsonNode v) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "number" -> v.isNumber();
      case "integer" ->
          v.isIntegralNumber()
              || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0;
      case "boolean" -> v.isBoolean();
      default -> throw new IllegalStateException("unknown type " + type);
    };
  }
}
