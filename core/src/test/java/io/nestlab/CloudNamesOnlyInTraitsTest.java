package io.nestlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: the traits record ({@code clouds.tsv}) is the only place in core that names a cloud
 * (design 0198). Scans core's main sources and resources, comments and Javadoc left out, for each
 * real cloud's id (as a Java string literal or a word in a resource), display name, storage URL
 * schemes and the other names it goes by ({@link #OTHER_NAMES}). The few files allowed to name a
 * cloud are listed with the note that says why; an entry that no longer names one fails too, so the
 * list cannot drift.
 */
class CloudNamesOnlyInTraitsTest {
  private static final Path JAVA = Path.of("src/main/java");
  private static final Path RESOURCES = Path.of("src/main/resources");

  /**
   * The names each real cloud goes by besides its id and display name: products, services and host
   * names its SDK and metadata use. A cloud added to clouds.tsv must be listed here.
   */
  static final Map<String, List<String>> OTHER_NAMES =
      Map.of(
          "aws", List.of("AWS", "EC2", "Amazon", "amazonaws", "EBS"),
          "gcp", List.of("GCE", "GCP", "Compute Engine", "googleapis", "google.internal"));

  /** Files (under src/main) that may name a cloud, and why. */
  static final Map<String, String> ALLOWED =
      Map.of(
          "resources/io/nestlab/catalog/clouds.tsv",
          "the traits record itself (0086)",
          "resources/io/nestlab/catalog/catalog.tsv",
          "generated instance types and prices, one row per cloud and type (0086)",
          "resources/io/nestlab/catalog/snapshot-rates.tsv",
          "generated snapshot prices per cloud, with their source (0086)",
          "resources/io/nestlab/spec/esxi-cpus.yaml",
          "the processor of each cloud's instance types, data beside the catalog (0198)",
          "resources/io/nestlab/spec/lab-spec.schema.json",
          "the published schema's provider enum, tied to Clouds by SpecSchemaTest (0086, 0198)",
          "resources/io/nestlab/bootstrap/host/nestlab-lib.sh",
          "the host reads each cloud's storage and metadata with its instance identity (0198)");

  @Test
  void onlyTheTraitsRecordAndTheListedFilesNameACloud() throws IOException {
    Map<String, Pattern> names = names();
    Map<String, Set<String>> found = new TreeMap<>();
    for (Path root : List.of(JAVA, RESOURCES)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String rel = root.getParent().relativize(f).toString().replace('\\', '/');
          String text =
              codeOf(
                  f.getFileName().toString(),
                  new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
          for (var e : names.entrySet()) {
            if (e.getValue().matcher(text).find()) {
              found.computeIfAbsent(rel, k -> new TreeSet<>()).add(e.getKey());
            }
          }
        }
      }
    }
    List<String> wrong = new ArrayList<>();
    found.forEach(
        (file, what) -> {
          if (!ALLOWED.containsKey(file)) {
            wrong.add(file + " names " + what);
          }
        });
    assertEquals(
        List.of(),
        wrong,
        "core names a cloud outside clouds.tsv: make it a column of the traits (CloudTraits), move"
            + " it into the provider's module, or, if it is inherent, add the file to ALLOWED with"
            + " the design note that says why");
    Set<String> stale = new TreeSet<>(ALLOWED.keySet());
    stale.removeAll(found.keySet());
    assertEquals(Set.of(), stale, "allowed files that no longer name a cloud: drop them");
  }

  @Test
  void everyRealCloudHasItsOtherNamesListed() {
    Set<String> real = new TreeSet<>();
    Clouds.builtIn().all().stream().filter(t -> !t.simulated()).forEach(t -> real.add(t.id()));
    assertEquals(real, new TreeSet<>(OTHER_NAMES.keySet()));
  }

  @Test
  void commentsAndJavadocAreLeftOutButStringsAreNot() {
    String java =
        "/** On AWS. */ class A { // AWS\n String u = \"https://x\"; /* GCE */ String p = \"aws\";"
            + " char c = '\"'; String t = \"\"\"\n  on GCE\n  \"\"\"; }";
    String code = codeOf("A.java", java);
    assertTrue(code.contains("\"aws\"") && code.contains("on GCE"), code);
    assertTrue(!code.contains("On AWS") && !code.contains("// AWS") && !code.contains("/* GCE"));
    String sh = codeOf("x.sh", "# on AWS\nrest=${url#s3://} # gs:// too\n");
    assertEquals("\nrest=${url#s3://}\n", sh);
    Map<String, Pattern> names = names();
    assertTrue(names.get("\"aws\"").matcher(code).find());
    assertTrue(names.get("s3://").matcher(sh).find());
    assertTrue(!names.get("AWS").matcher("AWS_INSTANCE_TAG").find(), "a word, not a prefix");
  }

  /** Every name of every real cloud, as what to report and the pattern that finds it. */
  static Map<String, Pattern> names() {
    Map<String, Pattern> out = new TreeMap<>();
    for (CloudTraits t : Clouds.builtIn().all()) {
      if (t.simulated()) {
        continue;
      }
      out.put("\"" + t.id() + "\"", Pattern.compile(Pattern.quote("\"" + t.id() + "\"")));
      out.put(t.id(), Pattern.compile("(?<!\\w)" + Pattern.quote(t.id()) + "(?!\\w)"));
      List<String> words = new ArrayList<>(OTHER_NAMES.getOrDefault(t.id(), List.of()));
      words.add(t.displayName());
      for (String w : words) {
        out.put(w, Pattern.compile("(?<!\\w)" + Pattern.quote(w) + "(?!\\w)"));
      }
      for (String s : t.storageSchemes()) {
        out.put(s + "://", Pattern.compile("(?<![\\w+.-])" + Pattern.quote(s + "://")));
      }
    }
    return out;
  }

  /** The text of a file without its comments: Java's and the shell's (and Python's, YAML's). */
  static String codeOf(String name, String text) {
    if (name.endsWith(".java")) {
      return javaCode(text);
    }
    if (name.endsWith(".sh") || name.endsWith(".py") || name.endsWith(".yaml")) {
      Matcher m = Pattern.compile("(?m)(^|[ \\t])#.*$").matcher(text);
      return m.replaceAll("$1").replaceAll("(?m)[ \\t]+$", "");
    }
    return text;
  }

  private static String javaCode(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("//", i)) {
        int end = s.indexOf('\n', i);
        i = end < 0 ? s.length() : end;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 2;
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        end = end < 0 ? s.length() : end + 3;
        out.append(s, i, end);
        i = end;
      } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
        char q = s.charAt(i);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != q && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, s.length());
        out.append(s, i, j);
        i = j;
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.toString();
  }
}
