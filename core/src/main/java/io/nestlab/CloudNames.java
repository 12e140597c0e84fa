package io.nestlab;

/**
 * The forms of a cloud table's own names, checked by hand rather than with regular expressions: the
 * table is read by every command that reads a lab (docs/design/0200). {@code CloudNamesTest} keeps
 * the expressions that define them and checks both agree.
 */
final class CloudNames {
  private CloudNames() {}

  /** A cloud id: {@code [a-z][a-z0-9-]{0,31}}. */
  static boolean isId(String s) {
    return s.length() <= 32 && isKey(s, 0);
  }

  /**
   * Where a cloud's SDK finds its credentials: {@code env:NAME} ({@code [A-Za-z_][A-Za-z0-9_]*}),
   * {@code option:key} ({@code [a-z][a-z0-9-]*}) or {@code file:path} (a relative path: not
   * starting with {@code /}, no white space).
   */
  static boolean isCredentialSource(String s) {
    if (s.startsWith("env:")) {
      return isVariable(s, 4);
    }
    if (s.startsWith("option:")) {
      return isKey(s, 7);
    }
    if (s.startsWith("file:")) {
      if (s.length() == 5 || s.charAt(5) == '/') {
        return false;
      }
      for (int i = 5; i < s.length(); i++) {
        if (isSpace(s.charAt(i))) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** {@code s} from {@code from} on is {@code [a-z][a-z0-9-]*}. */
  private static boolean isKey(String s, int from) {
    if (s.length() <= from || !lower(s.charAt(from))) {
      return false;
    }
    for (int i = from + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!lower(c) && !digit(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  /** {@code s} from {@code from} on is {@code [A-Za-z_][A-Za-z0-9_]*}. */
  private static boolean isVariable(String s, int from) {
    if (s.length() <= from || digit(s.charAt(from))) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!lower(c) && !(c >= 'A' && c <= 'Z') && !digit(c) && c != '_') {
        return false;
      }
    }
    return true;
  }

  private static boolean lower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** What {@code \s} matches: space, tab, newline, vertical tab, form feed, carriage return. */
  private static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }
}
