package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
