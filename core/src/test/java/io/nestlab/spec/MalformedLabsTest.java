package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the malformed-lab corpus (test resources {@code io/nestlab/spec/malformed/}) is
 * refused with exactly the problems its rows in {@code EXPECTED.tsv} name: path, line:column and a
 * part of the message.
 */
class MalformedLabsTest {
  /** One expected problem. */
  record Expected(String file, int line, int column, String path, String message, String what) {
    @Override
    public String toString() {
      return file + " (" + what + ")";
    }
  }

  static Path corpus() throws URISyntaxException {
    return Path.of(MalformedLabsTest.class.getResource("malformed/EXPECTED.tsv").toURI())
        .getParent();
  }

  static List<Expected> rows() throws IOException, URISyntaxException {
    List<Expected> rows = new ArrayList<>();
    for (String line : Files.readAllLines(corpus().resolve("EXPECTED.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] c = line.split("\t", -1);
      String[] at = c[1].split(":");
      rows.add(
          new Expected(c[0], Integer.parseInt(at[0]), Integer.parseInt(at[1]), c[2], c[3], c[4]));
    }
    return rows;
  }

  static Stream<List<Expected>> files() throws IOException, URISyntaxException {
    Map<String, List<Expected>> byFile =
        rows().stream()
            .collect(Collectors.groupingBy(Expected::file, TreeMap::new, Collectors.toList()));
    return byFile.values().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void malformedLabIsRefusedWithEveryExpectedProblem(List<Expected> expected) throws Exception {
    Path file = corpus().resolve(expected.get(0).file());
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> LabSpecs.read(file));
    List<Problem> problems = e.problems();
    for (Expected x : expected) {
      assertTrue(
          problems.stream()
              .anyMatch(
                  p ->
                      p.path().equals(x.path())
                          && p.line() == x.line()
                          && p.column() == x.column()
                          && p.message().contains(x.message())),
          "expected "
              + x.path()
              + " at "
              + x.line()
              + ":"
              + x.column()
              + " saying '"
              + x.message()
              + "', got "
              + problems);
    }
    assertEquals(expected.size(), problems.size(), "no other problems expected: " + problems);
    // The exception message names the file and every problem, so a CLI can print it as is.
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    for (Problem p : problems) {
      assertTrue(e.getMessage().contains(p.message()), e.getMessage());
    }
  }

  @Test
  void corpusHasAtLeastThirtyFilesAndEachHasExpectations() throws Exception {
    List<String> listed = files().map(l -> l.get(0).file()).toList();
    List<String> present;
    try (Stream<Path> s = Files.list(corpus())) {
      present =
          s.map(p -> p.getFileName().toString())
              .filter(n -> !n.equals("EXPECTED.tsv"))
              .sorted()
              .toList();
    }
    assertEquals(present, listed, "every corpus file needs rows in EXPECTED.tsv, and back");
    assertTrue(present.size() >= 30, "the issue asks for at least 30 malformed files");
  }
}
