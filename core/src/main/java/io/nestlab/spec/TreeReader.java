package io.nestlab.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.nestlab.Problem;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML or JSON text into a {@link Node} tree that remembers where every value and key was, so
 * that problems can name a line and column. Syntax errors become problems, never exceptions.
 */
final class TreeReader {
  /** Made on first use: plain YAML never needs them ({@link PlainYaml}, docs/design/0160). */
  private static final class Factories {
    static final JsonFactory JSON =
        JsonFactory.builder().enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    // A plain empty value ("vcenter:") is null, i.e. omitted; a quoted "" stays an empty text.
    static final YAMLFactory YAML =
        YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
  }

  private final List<Problem> problems;

  TreeReader(List<Problem> problems) {
    this.problems = problems;
  }

  /**
   * The root value, or null when the text could not be read (the problems say why). Plain YAML is
   * read by {@link PlainYaml}; anything else, and every text with a problem, by Jackson.
   */
  Node read(String text, SpecFormat format) {
    if (format == SpecFormat.YAML) {
      Node plain = PlainYaml.read(text);
      if (plain != null) {
        return plain;
      }
    }
    return readWithJackson(text, format);
  }

  /** As {@link #read}, always with Jackson's parser (YAML through SnakeYAML). */
  Node readWithJackson(String text, SpecFormat format) {
    if (text.isBlank()) {
      problems.add(
          Problem.of("", "the file is empty; a lab file starts with 'apiVersion: nestlab/v1'"));
      return null;
    }
    JsonFactory factory = format == SpecFormat.JSON ? Factories.JSON : Factories.YAML;
    try (JsonParser p = factory.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        problems.add(
            Problem.of(
                "", "the file holds no lab; a lab file starts with 'apiVersion: nestlab/v1'"));
        return null;
      }
      Node root = value(p, "");
      if (root == null) {
        return null;
      }
      JsonToken extra = p.nextToken();
      if (extra != null) {
        JsonLocation at = p.currentTokenLocation();
        problems.add(
            Problem.of(
                    "",
                    "the file holds more than one document; put one lab in each file"
                        + " (remove the second '---' section)")
                .at(at.getLineNr(), at.getColumnNr()));
        return null;
      }
      return root;
    } catch (StreamConstraintsException e) {
      problems.add(Problem.of("", limit(e.getOriginalMessage())));
      return null;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String message = e.getOriginalMessage();
      int cut = message.indexOf("\n at [Source");
      if (cut > 0) {
        message = message.substring(0, cut);
      }
      message = message.replace('\n', ' ');
      // SnakeYAML quotes the offending line after "in 'reader', line N, column M:"; keep the
      // position, drop the quote (it loses its layout on one line).
      message =
          message.replaceAll("in 'reader', line (\\d+), column (\\d+):.*?\\^", "(line $1:$2)");
      message = message.replaceAll("\\s+", " ").trim();
      Problem p =
          Problem.of(
              "",
              format == SpecFormat.JSON
                  ? "not valid JSON: " + message + "; fix the syntax at this position"
                  : "not valid YAML: "
                      + message
                      + "; check the indentation (spaces, not tabs), the ':' after each key and"
                      + " the brackets near this position");
      int[] mark = problemMark(e);
      if (mark != null) {
        problems.add(p.at(mark[0], mark[1]));
      } else if (at != null) {
        problems.add(p.at(Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0)));
      } else {
        problems.add(p);
      }
      return null;
    } catch (IOException e) {
      problems.add(Problem.of("", "cannot read the text: " + e.getMessage()));
      return null;
    }
  }

  /** Compiled on first use only: every lab file is read at start-up, and few reach a limit. */
  private static final class Limit {
    static final Pattern PATTERN =
        Pattern.compile(
            "(.*?) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+),.*", Pattern.DOTALL);
  }

  /**
   * A reading limit (Jackson's stream constraints) in a user's words, without the parser's internal
   * names: which limit, by how much, and that a lab file is nowhere near it.
   */
  static String limit(String parserMessage) {
    Matcher m = Limit.PATTERN.matcher(parserMessage == null ? "" : parserMessage);
    String tail =
        "; a lab file is a few levels deep and a few dozen lines: is this the right file?";
    if (!m.matches()) {
      return "the file goes beyond what NestLab reads in a lab file" + tail;
    }
    String what = m.group(1).toLowerCase(Locale.ROOT);
    String found = m.group(2);
    String max = m.group(3);
    if (what.contains("nesting")) {
      return "values are nested " + found + " levels deep; NestLab reads at most " + max + tail;
    }
    if (what.contains("number")) {
      return "a number has " + found + " digits; NestLab reads at most " + max + tail;
    }
    if (what.contains("name")) {
      return "a key is longer than " + max + " characters, the most NestLab reads" + tail;
    }
    if (what.contains("string")) {
      return "a text value is longer than " + max + " characters, the most NestLab reads" + tail;
    }
    return "the file goes beyond a limit of " + max + " (found " + found + ")" + tail;
  }

  /** SnakeYAML's own position of a YAML problem (1-based), which is more exact than Jackson's. */
  private static int[] problemMark(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        return new int[] {m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1};
      }
    }
    return null;
  }

  private Node value(JsonParser p, String path) throws IOException {
    JsonLocation at = p.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT:
        {
          Node obj = new Node(Node.Kind.OBJECT, "", line, column);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonLocation keyAt = p.currentTokenLocation();
            p.nextToken();
            String childPath = Binder.child(path, key);
            Node child = value(p, childPath);
            if (obj.fields.containsKey(key)) {
              problems.add(
                  Problem.of(
                          childPath,
                          "the key '"
                              + key
                              + "' appears twice (first on line "
                              + obj.keyLocations.get(key)[0]
                              + "); keep one of them")
                      .at(keyAt.getLineNr(), keyAt.getColumnNr()));
              continue;
            }
            obj.fields.put(key, child);
            obj.keyLocations.put(key, new int[] {keyAt.getLineNr(), keyAt.getColumnNr()});
          }
          return obj;
        }
      case START_ARRAY:
        {
          Node arr = new Node(Node.Kind.ARRAY, "", line, column);
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            arr.items.add(value(p, path + "[" + i++ + "]"));
          }
          return arr;
        }
      case VALUE_STRING:
        return new Node(Node.Kind.STRING, p.getText(), line, column);
      case VALUE_NUMBER_INT:
        return new Node(Node.Kind.INTEGER, p.getText(), line, column);
      case VALUE_NUMBER_FLOAT:
        return new Node(Node.Kind.DECIMAL, p.getText(), line, column);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new Node(Node.Kind.BOOLEAN, p.getText(), line, column);
      case VALUE_NULL:
        return new Node(Node.Kind.NULL, "", line, column);
      default:
        problems.add(
            Problem.of(path, "unexpected " + t + "; write a plain value").at(line, column));
        p.skipChildren();
        return new Node(Node.Kind.NULL, "", line, column);
    }
  }
}
