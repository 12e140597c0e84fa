package io.nestlab.spec;

/**
 * The scalar and key rules of {@link PlainYaml}: which plain scalars it reads and as what kind (as
 * Jackson's YAML parser gives them), quoted scalars on one line, plain keys. Anything outside them
 * throws {@link PlainYaml#UNSUPPORTED}, so the full parser reads the text (docs/design/0160).
 */
final class PlainScalars {
  private PlainScalars() {}

  static boolean isPlainKey(String key) {
    if (key.isEmpty() || !(Character.isLetterOrDigit(key.charAt(0)) || key.charAt(0) == '_')) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.'))) {
        return false;
      }
    }
    return true;
  }

  static int skipSpaces(String l, int i) {
    while (i < l.length() && l.charAt(i) == ' ') {
      i++;
    }
    if (i >= l.length()) {
      throw PlainYaml.UNSUPPORTED; // a flow collection over several lines
    }
    return i;
  }

  /** The column of the quote closing the one at {@code open}, on the same line. */
  static int closingQuote(String l, int open) {
    char q = l.charAt(open);
    int i = open + 1;
    while (i < l.length()) {
      if (l.charAt(i) == q) {
        if (q == '\'' && i + 1 < l.length() && l.charAt(i + 1) == '\'') {
          i += 2; // '' is one quote
          continue;
        }
        return i;
      }
      i++;
    }
    throw PlainYaml.UNSUPPORTED; // a quoted value over several lines
  }

  static String unquote(String l, int open, int close) {
    String s = l.substring(open + 1, close);
    return l.charAt(open) == '\'' ? s.replace("''", "'") : s;
  }

  /**
   * A plain scalar's kind as Jackson's YAML parser gives it: null, boolean, integer, decimal or
   * text; anything that YAML 1.1 or Jackson may read otherwise is left to the full parser.
   */
  static Node plain(String text, int line, int column, boolean inFlow) {
    if (text.isEmpty()) {
      throw PlainYaml.UNSUPPORTED;
    }
    char c = text.charAt(0);
    if ("&*!|>%@`?:,[]{}#\"'-".indexOf(c) >= 0 && !(c == '-' && isNumber(text))) {
      throw PlainYaml.UNSUPPORTED;
    }
    switch (text) {
      case "null", "Null", "NULL", "~":
        return new Node(Node.Kind.NULL, "", line, column);
      case "true", "True", "TRUE", "false", "False", "FALSE":
        return new Node(Node.Kind.BOOLEAN, text, line, column);
      case "y",
      "Y",
      "yes",
      "Yes",
      "YES",
      "n",
      "N",
      "no",
      "No",
      "NO",
      "on",
      "On",
      "ON",
      "off",
      "Off",
      "OFF":
        throw PlainYaml.UNSUPPORTED;
      default:
        break;
    }
    if (isInteger(text)) {
      return new Node(Node.Kind.INTEGER, text, line, column);
    }
    if (isNumber(text)) {
      return new Node(Node.Kind.DECIMAL, text, line, column);
    }
    if ((c >= '0' && c <= '9') || c == '+' || c == '.') {
      // Durations, versions, addresses and other texts that start like a number: only when no
      // YAML number form can match (a character no number has, or two dots), else the full parser
      // decides.
      boolean numberLike = text.indexOf('.') == text.lastIndexOf('.');
      for (int i = 0; i < text.length() && numberLike; i++) {
        numberLike = "0123456789+-._eExXoOabcdfABCDF:".indexOf(text.charAt(i)) >= 0;
      }
      if (numberLike) {
        throw PlainYaml.UNSUPPORTED;
      }
    }
    return new Node(Node.Kind.STRING, text, line, column);
  }

  /** {@code -?(0|[1-9][0-9]*)}, at most 18 digits. */
  static boolean isInteger(String s) {
    int i = s.charAt(0) == '-' ? 1 : 0;
    int digits = s.length() - i;
    if (digits < 1 || digits > 18 || (s.charAt(i) == '0' && digits > 1)) {
      return false;
    }
    for (int j = i; j < s.length(); j++) {
      if (s.charAt(j) < '0' || s.charAt(j) > '9') {
        return false;
      }
    }
    return true;
  }

  /** An integer, or {@code -?(0|[1-9][0-9]*)\.[0-9]+}. */
  static boolean isNumber(String s) {
    int dot = s.indexOf('.');
    if (dot < 0) {
      return isInteger(s);
    }
    if (!isInteger(s.substring(0, dot)) || dot + 1 == s.length()) {
      return false;
    }
    for (int j = dot + 1; j < s.length(); j++) {
      if (s.charAt(j) < '0' || s.charAt(j) > '9') {
        return false;
      }
    }
    return true;
  }
}
