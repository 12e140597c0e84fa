package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLabException;
import io.nestlab.internal.io.Json;

/** JSON in and out of the host program, with errors that say which verb printed what. */
final class HostJson {
  private HostJson() {}

  static String write(JsonNode node) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static JsonNode parse(String what, String text) {
    try {
      JsonNode n = Json.mapper().readTree(text == null ? "" : text);
      if (n == null || !n.isObject()) {
        throw new NestLabException(what + " printed no JSON object: " + brief(text));
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new NestLabException(what + " printed something that is not JSON: " + brief(text), e);
    }
  }

  static String brief(String text) {
    String t = text == null ? "" : text.strip();
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }
}
