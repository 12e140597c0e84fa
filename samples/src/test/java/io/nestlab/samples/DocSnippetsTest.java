package io.nestlab.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code in the docs comes from sources CI compiles. A Markdown block introduced by {@code <!--
 * snippet: samples/src/main/java/.../X.java#name -->} must equal the region between {@code //
 * snippet:name} and {@code // end-snippet} (or {@code // end-snippet:name}, for a region that holds
 * smaller ones) in that file (indentation removed, inner markers dropped).
 */
class DocSnippetsTest {
  private static final Path REPO = Path.of(System.getProperty("nestlab.repo.dir", ".."));
  private static final Pattern MARKER =
      Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyDocSnippetMatchesItsSource() throws IOException {
    List<String> mismatches = new ArrayList<>();
    int found = 0;
    List<Path> docs = new ArrayList<>();
    docs.add(REPO.resolve("README.md"));
    try (Stream<Path> s = Files.walk(REPO.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
    }
    for (Path doc : docs) {
      Matcher m = MARKER.matcher(Files.readString(doc));
      while (m.find()) {
        found++;
        String expected = region(REPO.resolve(m.group(1)), m.group(2));
        if (!expected.equals(m.group(3))) {
          mismatches.add(
              doc
                  + " snippet "
                  + m.group(1)
                  + "#"
                  + m.group(2)
                  + " differs from the source; copy this:\n"
                  + expected);
        }
      }
    }
    assertTrue(found >= 4, "expected the README and docs to include snippets; found " + found);
    assertEquals(List.of(), mismatches);
  }

  /** The lines between the markers, with the common indentation removed. */
  static String region(Path source, String name) throws IOException {
    List<String> lines = Files.readAllLines(source);
    int start = -1;
    int end = -1;
    boolean named = lines.stream().anyMatch(l -> l.trim().equals("// end-snippet:" + name));
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).trim();
      if (t.equals("// snippet:" + name)) {
        start = i + 1;
      } else if (start >= 0 && t.equals(named ? "// end-snippet:" + name : "// end-snippet")) {
        end = i;
        break;
      }
    }
    assertTrue(start >= 0 && end >= start, "no region '" + name + "' in " + source);
    // A region may hold smaller ones (a whole file and a few lines of it): drop their markers.
    List<String> body =
        lines.subList(start, end).stream()
            .filter(
                l -> !l.trim().startsWith("// snippet:") && !l.trim().startsWith("// end-snippet"))
            .toList();
    int indent =
        body.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder b = new StringBuilder();
    for (String l : body) {
      b.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    return b.toString();
  }
}
