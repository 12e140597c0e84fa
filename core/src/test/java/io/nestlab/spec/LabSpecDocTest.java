package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples in docs/lab-spec.md are real: the YAML validates, the Java is this test's code. */
class LabSpecDocTest {
  private static final Pattern BLOCK = Pattern.compile("```(yaml|java)\\n(.*?)```", Pattern.DOTALL);

  private static List<String> blocks(String language) throws Exception {
    String doc =
        Files.readString(Path.of(System.getProperty("nestlab.repo.dir"), "docs", "lab-spec.md"));
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(doc);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  @Test
  void theYamlExampleIsAValidLab() throws Exception {
    List<String> yaml = blocks("yaml");
    assertEquals(1, yaml.size());
    LabSpec spec = LabSpecs.parse(yaml.get(0), "docs/lab-spec.md");
    assertEquals("upgrade-rehearsal", spec.name());
  }

  @Test
  void theJavaExampleIsThisCodeAndBuildsAValidLab() throws Exception {
    // doc:begin
    LabSpec lab =
        LabSpec.builder()
            .name("upgrade-rehearsal")
            .esxi(
                EsxiSpec.of("7.0U3", 3)
                    .withOverride("esx-01", HostOverride.memoryGib(18))
                    .withOverride("esx-03", HostOverride.memoryGib(18)))
            .vcenter(new VcenterSpec("7.0U3", "tiny", "esx-01"))
            .guest(GuestSpec.of("linux-01", "esx-02", null))
            .upgrade(new UpgradeSpec("8.0U3", "8.0U3", null, null, "esx-03"))
            .build();
    SpecValidator.requireValid(lab, "my lab"); // throws InvalidSpecException with every problem
    // doc:end
    String source =
        Files.readString(
            Path.of("src", "test", "java", "io", "nestlab", "spec", "LabSpecDocTest.java"));
    String code =
        source.substring(source.indexOf("// doc:begin\n") + 13, source.indexOf("    // doc:end"));
    List<String> java = blocks("java");
    assertEquals(1, java.size());
    assertEquals(normalize(code), normalize(java.get(0)));
    assertEquals("esx-01", lab.vcenter().placement());
  }

  private static String normalize(String code) {
    return code.replaceAll("//[^\\n]*", "").replaceAll("\\s+", " ").trim();
  }
}
