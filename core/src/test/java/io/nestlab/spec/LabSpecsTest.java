package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files: what can go wrong before the YAML is even looked at. */
class LabSpecsTest {
  private static final String SMALL =
      "apiVersion: nestlab/v1\nname: small-lab\nesxi: { version: \"8.0U3\" }\n";

  @TempDir Path dir;

  private static String onlyMessage(InvalidSpecException e) {
    assertEquals(1, e.problems().size(), e.problems().toString());
    return e.problems().get(0).message();
  }

  @Test
  void fileProblemsAreProblemsNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing.yaml");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> LabSpecs.read(missing));
    assertEquals("no such file; check the path", onlyMessage(e));
    assertTrue(e.getMessage().startsWith(missing.toString()), e.getMessage());

    e = assertThrows(InvalidSpecException.class, () -> LabSpecs.read(dir));
    assertTrue(onlyMessage(e).startsWith("is a directory"));

    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, (SMALL + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
    e = assertThrows(InvalidSpecException.class, () -> LabSpecs.read(latin1));
    assertEquals("is not UTF-8 text; save the lab file as UTF-8", onlyMessage(e));

    Path big = dir.resolve("big.yaml");
    Files.writeString(big, SMALL + "#".repeat(LabSpecs.MAX_FILE_BYTES));
    e = assertThrows(InvalidSpecException.class, () -> LabSpecs.read(big));
    assertTrue(onlyMessage(e).startsWith("is larger than 1024 KiB"), onlyMessage(e));
  }

  @Test
  void aByteOrderMarkIsIgnored() throws Exception {
    Path bom = dir.resolve("bom.yaml");
    Files.writeString(bom, "\uFEFF" + SMALL);
    assertEquals("small-lab", LabSpecs.read(bom).name());
  }

  @Test
  void anEmptyValueIsAnOmittedKeyButQuotedEmptyTextIsNot() {
    LabSpec spec = LabSpecs.parse(SMALL + "vcenter:\nupgrade:\n", "empty.yaml");
    assertNull(spec.vcenter());
    assertNull(spec.upgrade());
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> LabSpecs.parse(SMALL + "network: { domain: \"\" }\n", "quoted.yaml"));
    assertEquals("network.domain", e.problems().get(0).path());
  }

  @Test
  void theFormatFollowsTheNameOrTheFirstCharacter() throws Exception {
    String json =
        "{\"apiVersion\":\"nestlab/v1\",\"name\":\"j-lab\",\"esxi\":{\"version\":\"8.0\"}}";
    assertEquals("j-lab", LabSpecs.parse(json, "lab.json").name());
    assertEquals("j-lab", LabSpecs.parse(json, "from stdin").name());
    assertEquals("small-lab", LabSpecs.parse(SMALL, "lab.yml").name());
    Path out = dir.resolve("written.json");
    LabSpec spec = LabSpecs.parse(SMALL, "x.yaml");
    LabSpecs.write(spec, out);
    assertTrue(Files.readString(out).startsWith("{"));
    assertEquals(spec, LabSpecs.read(out));
  }

  @Test
  void parseUnvalidatedStopsAfterKeysAndTypes() {
    String tooSmall = SMALL.replace("}", ", memoryGib: 2 }");
    assertEquals(2, LabSpecs.parseUnvalidated(tooSmall, "draft.yaml").esxi().memoryGib());
    assertThrows(InvalidSpecException.class, () -> LabSpecs.parse(tooSmall, "draft.yaml"));
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> LabSpecs.parseUnvalidated(SMALL + "colour: red\n", "draft.yaml"));
    assertEquals("colour", e.problems().get(0).path());
  }

  @Test
  void readingLimitsAreExplainedWithoutTheParsersInternals() {
    String deep = "[".repeat(1200) + "]".repeat(1200);
    for (String[] lab :
        new String[][] {
          {
            "{\"apiVersion\":\"nestlab/v1\",\"name\":\"deep-lab\",\"x\":" + deep + "}",
            "deep.json",
            "nested"
          },
          {"apiVersion: nestlab/v1\nname: deep-lab\nx: " + deep + "\n", "deep.yaml", "nested"},
          {
            "{\"apiVersion\":\"nestlab/v1\",\"esxi\":{\"count\":" + "9".repeat(1500) + "}}",
            "number.json",
            "1500 digits"
          },
          {
            "{\"apiVersion\":\"nestlab/v1\",\"" + "k".repeat(60_000) + "\":1}",
            "key.json",
            "longer than 50000 characters"
          }
        }) {
      InvalidSpecException e =
          assertThrows(InvalidSpecException.class, () -> LabSpecs.parse(lab[0], lab[1]));
      String message = onlyMessage(e);
      assertFalse(message.contains("StreamReadConstraints"), message);
      assertFalse(message.contains("`"), message);
      assertTrue(message.contains(lab[2]), message);
      assertTrue(message.contains("is this the right file?"), message);
    }
  }

  @Test
  void twentyThousandBrokenGuestsGiveAShortListAndHowManyMore() {
    StringBuilder b =
        new StringBuilder(
            "apiVersion: nestlab/v1\nname: huge-lab\nesxi: { version: \"8.0U3\", count: 2 }\n"
                + "vcenter: { version: \"8.0U3\" }\nnetwork: { cidr: 10.0.0.0/16 }\nguests:\n");
    for (int i = 0; i < 20_000; i++) {
      b.append("  - { name: g").append(i).append(", host: esx-0").append(1 + i % 2).append(" }\n");
    }
    InvalidSpecException e =
        assertThrows(InvalidSpecException.class, () -> LabSpecs.parse(b.toString(), "huge.yaml"));
    List<Problem> problems = e.problems();
    assertEquals(LabSpecs.MAX_PROBLEMS + 1, problems.size());
    String last = problems.get(problems.size() - 1).message();
    assertTrue(last.matches("and \\d+ more problems .*"), last);
    assertTrue(e.getMessage().length() < 64 * 1024, "message of " + e.getMessage().length());
    // A message about one guest does not list every other guest on its host.
    assertTrue(problems.stream().allMatch(p -> p.message().length() < 1000), problems.toString());
  }
}
