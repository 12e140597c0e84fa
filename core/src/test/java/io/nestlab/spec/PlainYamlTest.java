package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PlainYaml} against Jackson's YAML reading (SnakeYAML): where the plain reader answers, its
 * tree is the full parser's, node for node (kind, text, line, column, key places and order); where
 * the text leaves the plain subset it does not answer, and the full parser reads (and words any
 * error) as before (docs/design/0160).
 */
class PlainYamlTest {
  private static final Path REPO = Path.of(System.getProperty("nestlab.repo.dir", ".."));

  /** Every YAML lab file of the repository, the data file, and the spec tests' malformed files. */
  private static List<Path> corpus() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir :
        List.of(
            REPO.resolve("samples/labs"),
            REPO.resolve("core/src/test/resources/io/nestlab/spec"),
            REPO.resolve("core/src/main/resources/io/nestlab/spec"))) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void everyFileThePlainReaderTakesGivesTheFullParsersTree() throws IOException {
    int taken = 0;
    List<Path> files = corpus();
    assertTrue(files.size() > 50, "corpus: " + files.size());
    for (Path f : files) {
      String text = Files.readString(f);
      if (same(text, f.toString())) {
        taken++;
      }
    }
    assertTrue(taken > files.size() / 2, "the plain reader took only " + taken + " files");
  }

  @Test
  void theSampleLabsAndTheKnowledgeFileTakeThePlainPath() throws IOException {
    for (String lab : List.of("article-lab.yaml", "single-host.yaml", "vsan-4-node.yaml")) {
      assertNotNull(
          PlainYaml.read(Files.readString(REPO.resolve("samples/labs").resolve(lab))), lab);
    }
    try (InputStream in = VsphereKnowledge.class.getResourceAsStream("vsphere-knowledge.yaml")) {
      assertNotNull(PlainYaml.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
    // the planner reads the ESXi CPU table on every estimate (design 0195)
    try (InputStream in = VsphereKnowledge.class.getResourceAsStream("esxi-cpus.yaml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertNotNull(PlainYaml.read(text));
      assertTrue(same(text, "esxi-cpus.yaml"), "the plain tree differs from the full parser's");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a: 1\nb: -2\nc: 1.5\nd: true\ne: False\nf: ~\ng: null\nh: text\n",
        "a: \"quoted: # not a comment\"\nb: 'it''s'\nc: \"\"\nd: ''\n",
        "a:\n  b:\n    c: 1   # comment\n  d: [x, \"y\", 'z', 2, 1.0]\n",
        "list:\n  - a\n  - b: 1\n    c: 2\n  - {k: v, n: [1, 2]}\n  - []\n  - {}\n",
        "list:\n- a\n- b\nnext: 1\n",
        "# head\n\na: 1\n\n# middle\nb:\n  # inside\n  - x # after\n\n",
        "cidr: 10.10.0.0/24\nversion: 8.0.3\nurl: s3://bucket/key.iso\nttl: 8h\nv: \"7.0U3\"\n",
        "a: b#c\nempty:\nz: 1\n",
        "esx-01: { memoryGib: 18 }\nname_x.y: 1\n",
        "a: 0\nb: 007x/\nc: 1/2\nip: 10.10.0.5\nd: 90m\n"
      })
  void eachAcceptedFormGivesTheFullParsersTree(String text) {
    assertTrue(same(text, "inline"), "not taken by the plain reader: " + text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: multi\n  line\n",
        "a: \"esc\\n\"\n",
        "a: yes\n",
        "a: on\n",
        "a: 0x1F\n",
        "a: 1e5\n",
        "a: 1_000\n",
        "a: .inf\n",
        "a: 8.0\n  b: 1\n",
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\na: 2\n",
        "a:\tb\n",
        "a: [1,\n  2]\n",
        "a: b: c\n",
        "- a\n- b\n",
        "just text\n",
        "a: {b: 1,}\n",
        "\"a\": 1\n",
        "? a\n: 1\n",
        "a: 'open\n",
        "a: 08\n",
        "a: +1\n",
        "a: 1.\n"
      })
  void otherFormsAreLeftToTheFullParser(String text) {
    assertNull(PlainYaml.read(text), text);
  }

  /**
   * Whether the plain reader took {@code text}; when it did, asserts its tree is the full parser's,
   * and that the full parser found no problem.
   */
  private static boolean same(String text, String name) {
    Node plain = PlainYaml.read(text);
    if (plain == null) {
      return false;
    }
    List<Problem> problems = new ArrayList<>();
    Node full = new TreeReader(problems).readWithJackson(text, SpecFormat.YAML);
    assertEquals(List.of(), problems, name);
    assertNotNull(full, name);
    assertEquals(describe(full), describe(plain), name);
    return true;
  }

  /** Everything a node carries, children included, as text (Node has no equals). */
  private static String describe(Node n) {
    StringBuilder b = new StringBuilder();
    describe(n, b);
    return b.toString();
  }

  private static void describe(Node n, StringBuilder b) {
    b.append(n.kind).append('@').append(n.line).append(':').append(n.column);
    b.append('<').append(n.text).append('>');
    if (n.kind == Node.Kind.OBJECT) {
      b.append('{');
      for (Map.Entry<String, Node> e : n.fields.entrySet()) {
        int[] at = n.keyLocations.get(e.getKey());
        b.append(e.getKey()).append('@').append(at[0]).append(':').append(at[1]).append('=');
        describe(e.getValue(), b);
        b.append(", ");
      }
      b.append('}');
    }
    if (n.kind == Node.Kind.ARRAY) {
      b.append('[');
      for (Node i : n.items) {
        describe(i, b);
        b.append(", ");
      }
      b.append(']');
    }
    b.append('\n');
  }
}
