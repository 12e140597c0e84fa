package io.nestlab.sizes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sizes of Java sources, read with a brace counter (no parser): each file's line count, and the
 * lines of every method, constructor and initializer, from the line of its opening brace to the
 * line of its closing one. Comments, strings, text blocks and character literals are blanked first
 * (their line breaks kept), so braces inside them do not count. Good enough for google-java-format
 * sources; it is a measure, not a compiler.
 */
final class SourceSizes {
  /**
   * One measured piece: {@code io.nestlab.x.Y} for a file, {@code io.nestlab.x.Y#m} for a method.
   */
  record Size(String key, int lines, int line) {}

  private static final Pattern TYPE = Pattern.compile("\\b(class|interface|enum|record)\\s+\\w+");
  private static final Pattern ANONYMOUS =
      Pattern.compile("\\bnew\\s+[\\w.<>,?\\s]+\\([^;]*\\)\\s*$");
  private static final Pattern CONTROL =
      Pattern.compile("\\b(if|for|while|switch|catch|synchronized|try)\\s*\\(");
  private static final Pattern CONTROL_START =
      Pattern.compile("^(else\\s+)?(if|for|while|switch|catch|synchronized|try)\\s*\\(");
  private static final Pattern THROWS = Pattern.compile("\\)\\s*throws\\s+[\\w.,\\s<>]+$");
  private static final Pattern BARE =
      Pattern.compile(
          "^\\s*(@\\w+\\s*)*(public\\s+|protected\\s+|private\\s+)?(static\\s*)?\\w*\\s*$");
  private static final Pattern NAME = Pattern.compile("(\\w+)\\s*$");

  private SourceSizes() {}

  /** Every {@code .java} file below {@code root}, sorted, with its methods. */
  static List<Size> measure(Path root) {
    List<Size> sizes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        String key = rel.substring(0, rel.length() - ".java".length()).replace('/', '.');
        sizes.addAll(measure(key, Files.readString(f, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sizes;
  }

  /** The file's size (key {@code key}) and then its methods' sizes. */
  static List<Size> measure(String key, String source) {
    List<Size> sizes = new ArrayList<>();
    sizes.add(new Size(key, (int) source.lines().count(), 1));
    String s = blank(source);
    Deque<Block> open = new ArrayDeque<>();
    int line = 1;
    int headStart = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
      } else if (c == '{') {
        String head = s.substring(headStart, i).strip();
        boolean inType = open.isEmpty() || open.peek().kind == Kind.TYPE;
        open.push(new Block(kind(head, inType), line, name(head)));
        headStart = i + 1;
      } else if (c == '}') {
        Block b = open.pop();
        if (b.kind == Kind.METHOD) {
          sizes.add(new Size(key + "#" + b.name, line - b.line + 1, b.line));
        }
        headStart = i + 1;
      } else if (c == ';') {
        headStart = i + 1;
      }
    }
    return sizes;
  }

  private enum Kind {
    TYPE,
    METHOD,
    BLOCK
  }

  private record Block(Kind kind, int line, String name) {}

  private static Kind kind(String head, boolean inType) {
    if (TYPE.matcher(head).find()) {
      return Kind.TYPE;
    }
    if (CONTROL_START.matcher(head).find()) {
      return Kind.BLOCK;
    }
    if (ANONYMOUS.matcher(head).find()) {
      return Kind.TYPE;
    }
    if (!inType || head.endsWith("->") || head.endsWith("=")) {
      return Kind.BLOCK;
    }
    String h = THROWS.matcher(head).replaceFirst(")");
    if (h.endsWith(")") && !CONTROL.matcher(h).find()) {
      return Kind.METHOD; // a method or constructor
    }
    return BARE.matcher(head).matches() ? Kind.METHOD : Kind.BLOCK; // initializer, compact ctor
  }

  /** The identifier before the head's last parameter list; the head itself when it has none. */
  private static String name(String head) {
    String h = THROWS.matcher(head).replaceFirst(")");
    if (!h.endsWith(")")) {
      Matcher m = NAME.matcher(h);
      return m.find() ? m.group(1) : "<init>";
    }
    int depth = 0;
    for (int i = h.length() - 1; i >= 0; i--) {
      char c = h.charAt(i);
      if (c == ')') {
        depth++;
      } else if (c == '(' && --depth == 0) {
        Matcher m = NAME.matcher(h.substring(0, i));
        return m.find() ? m.group(1) : "?";
      }
    }
    return "?";
  }

  /** {@code source} with comments, strings, text blocks and char literals blanked, lines kept. */
  static String blank(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      int end;
      if (source.startsWith("\"\"\"", i)) {
        end = indexOrEnd(source, "\"\"\"", i + 3, true) + 3;
      } else if (source.startsWith("//", i)) {
        end = indexOrEnd(source, "\n", i, false);
      } else if (source.startsWith("/*", i)) {
        end = indexOrEnd(source, "*/", i + 2, false) + 2;
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        end = literalEnd(source, i);
      } else {
        out.append(source.charAt(i++));
        continue;
      }
      end = Math.min(end, n);
      for (int k = i; k < end; k++) {
        out.append(source.charAt(k) == '\n' ? '\n' : ' ');
      }
      i = end;
    }
    return out.toString();
  }

  private static int indexOrEnd(String s, String what, int from, boolean escapes) {
    for (int i = from; i < s.length(); i++) {
      if (escapes && s.charAt(i) == '\\') {
        i++;
      } else if (s.startsWith(what, i)) {
        return i;
      }
    }
    return s.length();
  }

  private static int literalEnd(String s, int start) {
    char quote = s.charAt(start);
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote || c == '\n') {
        return i + 1;
      }
    }
    return s.length();
  }
}
