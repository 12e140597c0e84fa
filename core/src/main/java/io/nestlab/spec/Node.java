package io.nestlab.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A value read from a YAML or JSON file, with the line and column it started at. */
final class Node {
  enum Kind {
    OBJECT,
    ARRAY,
    STRING,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    NULL
  }

  final Kind kind;
  final String text;
  final int line;
  final int column;
  final Map<String, Node> fields = new LinkedHashMap<>();
  final Map<String, int[]> keyLocations = new LinkedHashMap<>();
  final List<Node> items = new ArrayList<>();

  Node(Kind kind, String text, int line, int column) {
    this.kind = kind;
    this.text = text;
    this.line = line;
    this.column = column;
  }

  boolean isNumber() {
    return kind == Kind.INTEGER || kind == Kind.DECIMAL;
  }

  /** How a user would call this kind of value in a message. */
  String describe() {
    return switch (kind) {
      case OBJECT -> "a mapping (key: value lines)";
      case ARRAY -> "a list";
      case STRING -> "the text \"" + shorten(text) + "\"";
      case INTEGER, DECIMAL -> "the number " + shorten(text);
      case BOOLEAN -> "the boolean " + text;
      case NULL -> "an empty value";
    };
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }
}
