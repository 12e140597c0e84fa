package io.nestlab.spec;

/**
 * Reads the plain YAML that lab files and NestLab's own data files are written in — block mappings
 * and sequences, one-line flow collections, plain, single- and double-quoted one-line scalars,
 * comments — straight into a {@link Node} tree, with the same kinds, texts, lines and columns as
 * {@link TreeReader}'s Jackson/SnakeYAML reading gives. It exists for start-up time: the first YAML
 * read through Jackson and SnakeYAML costs tens of milliseconds of class loading and initialization
 * on every command (docs/design/0160).
 *
 * <p>It answers only for text it is sure of: anything else (anchors, tags, block scalars,
 * multi-line values, escapes, documents, duplicate keys, tabs, words YAML 1.1 may read as booleans,
 * number forms beyond plain integers and decimals, any syntax error) gives {@code null}, and the
 * caller reads the text with the full parser, which also words every error message. So a problem is
 * always reported as before, line and column included. {@code PlainYamlTest} holds both readers to
 * the same tree on every lab file in the repository and on each form this class accepts.
 */
final class PlainYaml {
  /** Thrown inside the reader when the text leaves the subset; never escapes {@link #read}. */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }

  static final Unsupported UNSUPPORTED = new Unsupported();

  /**
   * Deeper nesting, and longer keys and texts, are left to the full parser, whose reading limits
   * (Jackson's stream constraints) give the messages a user sees for them.
   */
  private static final int MAX_DEPTH = 64;

  private static final int MAX_TEXT = 1000;

  private final String[] lines;
  private int row; // the line being read, 0-based
  private int depth; // of flow collections on the current line

  private PlainYaml(String text) {
    this.lines = text.split("\n", -1);
  }

  /** The tree of {@code text}, or null when the full parser must read it. */
  static Node read(String text) {
    if (text.indexOf('\t') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\\') >= 0) {
      return null;
    }
    try {
      PlainYaml y = new PlainYaml(text);
      for (String l : y.lines) {
        if (l.length() > MAX_TEXT) {
          return null; // a key or text that may reach a reading limit
        }
      }
      if (!y.skipToContent()) {
        return null;
      }
      int indent = y.indent(y.row);
      if (indent != 0 || y.isSequenceItem(y.row, 0)) {
        return null;
      }
      Node root = y.mapping(0, 0);
      if (y.skipToContent()) {
        return null; // something the mapping did not take: let the full parser say what
      }
      return root;
    } catch (Unsupported | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** A block collection at column {@code col}: its depth is at most its column. */
  private static void shallow(int col) {
    if (col > MAX_DEPTH) {
      throw UNSUPPORTED;
    }
  }

  // ---- lines

  /** Moves {@link #row} to the next line with content; false at the end of the text. */
  private boolean skipToContent() {
    while (row < lines.length) {
      String l = lines[row];
      int i = indent(row);
      if (i < l.length() && l.charAt(i) != '#') {
        if (l.startsWith("---") || l.startsWith("...") || l.charAt(0) == '%') {
          throw UNSUPPORTED;
        }
        return true;
      }
      row++;
    }
    return false;
  }

  private int indent(int r) {
    String l = lines[r];
    int i = 0;
    while (i < l.length() && l.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private boolean isSequenceItem(int r, int col) {
    String l = lines[r];
    return l.charAt(col) == '-' && (col + 1 == l.length() || l.charAt(col + 1) == ' ');
  }

  /** The end of the line's content from {@code col}: only spaces, then the end or a comment. */
  private void expectLineEnd(int col) {
    String l = lines[row];
    int i = col;
    while (i < l.length() && l.charAt(i) == ' ') {
      i++;
    }
    if (i < l.length() && !(l.charAt(i) == '#' && i > col)) {
      throw UNSUPPORTED;
    }
  }

  // ---- block collections

  /**
   * A block mapping whose keys start at column {@code col} (0-based), the first of them on the
   * current line at {@code col} (after a sequence item's "- ", or at the line's indentation).
   */
  private Node mapping(int col, int firstCol) {
    shallow(col);
    Node obj = new Node(Node.Kind.OBJECT, "", row + 1, firstCol + 1);
    boolean first = true;
    while (true) {
      if (!first) {
        if (!skipToContent()) {
          return obj;
        }
        int i = indent(row);
        if (i < col) {
          return obj;
        }
        if (i > col) {
          throw UNSUPPORTED;
        }
        if (isSequenceItem(row, i)) {
          return obj; // an indentless sequence's parent, or an error the full parser words
        }
      }
      int keyCol = first ? firstCol : col;
      first = false;
      String l = lines[row];
      int end = keyEnd(l, keyCol);
      String key = l.substring(keyCol, end);
      if (obj.fields.containsKey(key)) {
        throw UNSUPPORTED; // the full parser reports it
      }
      int keyLine = row + 1;
      Node value = valueAfterKey(col, end + 1);
      obj.fields.put(key, value);
      obj.keyLocations.put(key, new int[] {keyLine, keyCol + 1});
    }
  }

  /**
   * Where the plain key starting at {@code col} ends: at a ':' followed by a space or the line's
   * end. A key is letters, digits and {@code _ . -}, not starting with '-' or '.'.
   */
  private static int keyEnd(String l, int col) {
    int i = col;
    if (i >= l.length() || !(Character.isLetterOrDigit(l.charAt(i)) || l.charAt(i) == '_')) {
      throw UNSUPPORTED;
    }
    while (i < l.length()) {
      char c = l.charAt(i);
      if (c == ':') {
        if (i + 1 == l.length() || l.charAt(i + 1) == ' ') {
          return i;
        }
        throw UNSUPPORTED;
      }
      if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.'))) {
        throw UNSUPPORTED;
      }
      i++;
    }
    throw UNSUPPORTED;
  }

  /** The value after a key's ':' at {@code afterColon}; the key's own column is {@code keyCol}. */
  private Node valueAfterKey(int keyCol, int afterColon) {
    String l = lines[row];
    int i = afterColon;
    while (i < l.length() && l.charAt(i) == ' ') {
      i++;
    }
    if (i < l.length() && !(l.charAt(i) == '#' && i > afterColon)) {
      Node v = inline(i);
      row++;
      return v;
    }
    // Nothing on the key's line: a block below, more indented (or a sequence at the key's own
    // indentation), or an empty value.
    int emptyLine = row + 1;
    row++;
    if (skipToContent()) {
      int next = indent(row);
      if (next > keyCol) {
        return isSequenceItem(row, next) ? sequence(next) : mapping(next, next);
      }
      if (next == keyCol && isSequenceItem(row, next)) {
        return sequence(next);
      }
    }
    if (emptyLine != row) {
      throw UNSUPPORTED; // an empty value followed by comments or blank lines: not compared yet
    }
    return new Node(Node.Kind.NULL, "", emptyLine, afterColon + 1);
  }

  /** A block sequence whose "- " items start at column {@code col}. */
  private Node sequence(int col) {
    shallow(col);
    Node arr = new Node(Node.Kind.ARRAY, "", row + 1, col + 1);
    while (true) {
      if (!skipToContent()) {
        return arr;
      }
      int i = indent(row);
      if (i < col || (i == col && !isSequenceItem(row, i))) {
        return arr;
      }
      if (i > col) {
        throw UNSUPPORTED;
      }
      String l = lines[row];
      int at = col + 1;
      while (at < l.length() && l.charAt(at) == ' ') {
        at++;
      }
      if (at >= l.length() || l.charAt(at) == '#' || l.charAt(at) == '-') {
        throw UNSUPPORTED; // an item below its dash, or a sequence in a sequence
      }
      if (startsMappingEntry(l, at)) {
        arr.items.add(mapping(at, at));
      } else {
        arr.items.add(inline(at));
        row++;
      }
    }
  }

  /** Whether a block mapping entry ("key: ...") starts at {@code at}. */
  private static boolean startsMappingEntry(String l, int at) {
    char c = l.charAt(at);
    if (c == '"' || c == '\'' || c == '[' || c == '{') {
      return false;
    }
    for (int i = at; i < l.length(); i++) {
      char d = l.charAt(i);
      if (d == ':' && (i + 1 == l.length() || l.charAt(i + 1) == ' ')) {
        return true;
      }
      if (d == '#' && i > at && l.charAt(i - 1) == ' ') {
        return false;
      }
    }
    return false;
  }

  // ---- values on one line

  /** A value starting at {@code col} of the current line, which must end the line. */
  private Node inline(int col) {
    String l = lines[row];
    char c = l.charAt(col);
    if (c == '[' || c == '{') {
      int[] end = new int[1];
      Node v = flow(l, col, end);
      expectLineEnd(end[0]);
      return v;
    }
    if (c == '"' || c == '\'') {
      int close = PlainScalars.closingQuote(l, col);
      expectLineEnd(close + 1);
      return new Node(Node.Kind.STRING, PlainScalars.unquote(l, col, close), row + 1, col + 1);
    }
    int end = l.length();
    for (int i = col; i < l.length(); i++) {
      char d = l.charAt(i);
      if (d == '#' && l.charAt(i - 1) == ' ') {
        end = i;
        break;
      }
      if (d == ':' && (i + 1 == l.length() || l.charAt(i + 1) == ' ')) {
        throw UNSUPPORTED; // "a: b: c": the full parser words the error
      }
    }
    String text = l.substring(col, end).stripTrailing();
    return PlainScalars.plain(text, row + 1, col + 1, false);
  }

  /**
   * A one-line flow collection starting at {@code col}; {@code end[0]} gets the column after it.
   */
  private Node flow(String l, int col, int[] end) {
    if (++depth > MAX_DEPTH) {
      throw UNSUPPORTED;
    }
    try {
      return flowCollection(l, col, end);
    } finally {
      depth--;
    }
  }

  private Node flowCollection(String l, int col, int[] end) {
    boolean map = l.charAt(col) == '{';
    Node n = new Node(map ? Node.Kind.OBJECT : Node.Kind.ARRAY, "", row + 1, col + 1);
    char close = map ? '}' : ']';
    int i = PlainScalars.skipSpaces(l, col + 1);
    if (l.charAt(i) == close) {
      end[0] = i + 1;
      return n;
    }
    while (true) {
      if (map) {
        int keyAt = i;
        int k = i;
        while (k < l.length() && l.charAt(k) != ':') {
          k++;
        }
        String key = l.substring(keyAt, k);
        if (k + 1 >= l.length() || l.charAt(k + 1) != ' ' || !PlainScalars.isPlainKey(key)) {
          throw UNSUPPORTED;
        }
        if (n.fields.containsKey(key)) {
          throw UNSUPPORTED;
        }
        i = PlainScalars.skipSpaces(l, k + 1);
        Node v = flowValue(l, i, end);
        n.fields.put(key, v);
        n.keyLocations.put(key, new int[] {row + 1, keyAt + 1});
      } else {
        n.items.add(flowValue(l, i, end));
      }
      i = PlainScalars.skipSpaces(l, end[0]);
      char d = l.charAt(i);
      if (d == close) {
        end[0] = i + 1;
        return n;
      }
      if (d != ',') {
        throw UNSUPPORTED;
      }
      i = PlainScalars.skipSpaces(l, i + 1);
      if (l.charAt(i) == close || l.charAt(i) == ',') {
        throw UNSUPPORTED; // a trailing or doubled comma
      }
    }
  }

  /** A value inside a flow collection; {@code end[0]} gets the column after it. */
  private Node flowValue(String l, int i, int[] end) {
    char c = l.charAt(i);
    if (c == '[' || c == '{') {
      return flow(l, i, end);
    }
    if (c == '"' || c == '\'') {
      int close = PlainScalars.closingQuote(l, i);
      end[0] = close + 1;
      return new Node(Node.Kind.STRING, PlainScalars.unquote(l, i, close), row + 1, i + 1);
    }
    int j = i;
    while (j < l.length() && ",[]{}#:".indexOf(l.charAt(j)) < 0) {
      j++;
    }
    if (j >= l.length() || l.charAt(j) == '#' || l.charAt(j) == ':') {
      throw UNSUPPORTED;
    }
    end[0] = j;
    return PlainScalars.plain(l.substring(i, j).stripTrailing(), row + 1, i + 1, true);
  }
}
