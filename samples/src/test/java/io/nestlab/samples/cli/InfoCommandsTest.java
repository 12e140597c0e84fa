package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code providers}, {@code catalog} and {@code plan}: happy paths and bad inputs. */
class InfoCommandsTest {
  private static final String ARTICLE =
      Path.of(System.getProperty("nestlab.repo.dir", ".."), "samples/labs/article-lab.yaml")
          .toString();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = NestLabCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void providersListsEveryProviderWithItsSettingsAndMarksSecrets() {
    assertEquals(ExitCode.OK, run("providers"));
    String text = out.toString();
    assertTrue(text.contains("aws ") && text.contains("gcp ") && text.contains("fake "), text);
    assertTrue(text.contains("secret-access-key") && text.contains("(secret)"), text);
    assertTrue(text.contains("dir "), text);
  }

  @Test
  void providersJsonNamesIdsAndSettings() throws Exception {
    assertEquals(ExitCode.OK, run("providers", "--json"));
    JsonNode root = new ObjectMapper().readTree(out.toString());
    JsonNode list = root.get("providers");
    assertEquals(3, list.size(), out.toString());
    assertEquals("aws", list.get(0).get("id").asText());
    assertTrue(list.get(1).get("settings").get(0).has("secret"));
  }

  @Test
  void catalogSummarisesEachProviderWithDateAndSource() {
    assertEquals(ExitCode.OK, run("catalog"));
    String text = out.toString();
    assertTrue(text.contains("aws: ") && text.contains("gcp: "), text);
    assertTrue(text.contains("prices as of 20"), text);
    assertTrue(text.contains("source: "), text);
  }

  @Test
  void catalogListsTypesOfARegionWithEligibilityAndPrice() throws Exception {
    assertEquals(ExitCode.OK, run("catalog", "--provider", "aws", "--region", "us-east-1"));
    String text = out.toString();
    assertTrue(text.contains("ELIGIBLE"), text);
    assertTrue(text.contains("x8i.xlarge"), text);
    assertFalse(text.contains("gcp: "), text);
    out.getBuffer().setLength(0);
    assertEquals(ExitCode.OK, run("catalog", "--provider", "gcp", "--types", "--json"));
    JsonNode gcp = new ObjectMapper().readTree(out.toString()).get("catalog").get(0);
    assertEquals("gcp", gcp.get("provider").asText());
    assertTrue(gcp.get("types").size() > 10);
    assertTrue(gcp.get("types").get(0).has("eligible"));
  }

  /** The fake's own types, which estimate and up plan with, are listed when asked for by name. */
  @Test
  void catalogListsTheFakesOwnTypesWhenAskedForByName() throws Exception {
    assertEquals(ExitCode.OK, run("catalog", "--types", "--provider", "fake"), err.toString());
    String text = out.toString();
    assertTrue(text.startsWith("fake: "), text);
    for (io.nestlab.catalog.InstanceType t :
        io.nestlab.fake.FakeCatalog.catalog().instanceTypes()) {
      assertTrue(text.contains(t.name()), t.name() + " missing: " + text);
    }
    assertFalse(text.contains("aws: "), text);
    // not in the summary of the clouds one pays for
    out.getBuffer().setLength(0);
    assertEquals(ExitCode.OK, run("catalog"));
    assertFalse(out.toString().contains("fake: "), out.toString());
  }

  @Test
  void catalogRejectsUnknownProviderAndRegion() {
    assertEquals(ExitCode.INVALID_INPUT, run("catalog", "--provider", "azure"));
    assertTrue(
        err.toString().contains("'azure' is not in the catalog; use one of aws, gcp"),
        err.toString());
    assertEquals(ExitCode.INVALID_INPUT, run("catalog", "--region", "mars-1"));
    assertTrue(err.toString().contains("'mars-1' is not a region"), err.toString());
  }

  @Test
  void planShowsTheSingleCheapestOptionWithBreakdownAndSession() {
    assertEquals(ExitCode.OK, run("plan", ARTICLE));
    String text = out.toString();
    assertTrue(text.contains("Lab upgrade-rehearsal would run on:"), text);
    assertTrue(text.contains("per session:") && text.contains("Hourly breakdown:"), text);
    assertTrue(text.contains("other options fit"), text);
  }

  @Test
  void planWithProviderIsWhatUpPicks() throws Exception {
    assertEquals(ExitCode.OK, run("plan", ARTICLE, "--provider", "aws", "--json"));
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertEquals(1, root.get("options").size());
    JsonNode o = root.get("options").get(0);
    assertEquals("aws", o.get("provider").asText());
    var spec = io.nestlab.spec.LabSpecs.read(Path.of(ARTICLE));
    assertEquals(
        LabPlanning.cheapest(spec, "aws", null).instanceType(), o.get("instanceType").asText());
  }

  /**
   * With --provider naming a provider the lab file does not list, the lab's pinned types still
   * apply, in estimate and plan and in what up creates alike; a pin with no type of that provider
   * is said so.
   */
  @Test
  void pinnedTypesStillApplyWhenProviderOverridesTheLabsProviders(@TempDir Path dir)
      throws Exception {
    Path lab = dir.resolve("pinned.yaml");
    Files.writeString(
        lab,
        "apiVersion: nestlab/v1\nname: pinned\nesxi: { version: \"8.0U3\", count: 1 }\n"
            + "placement:\n  providers: [aws]\n  instanceTypes: [m5.metal, n2-standard-16]\n");
    var spec = io.nestlab.spec.LabSpecs.read(lab);
    assertEquals("n2-standard-16", LabPlanning.cheapest(spec, "gcp", null).instanceType());
    assertEquals(ExitCode.OK, run("plan", lab.toString(), "--provider", "gcp", "--json"));
    JsonNode o = new ObjectMapper().readTree(out.toString()).get("options").get(0);
    assertEquals("n2-standard-16", o.get("instanceType").asText());
    Path awsOnly = dir.resolve("aws-only.yaml");
    Files.writeString(
        awsOnly, Files.readString(lab).replace("[m5.metal, n2-standard-16]", "[m5.metal]"));
    io.nestlab.NoFittingInstanceException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.nestlab.NoFittingInstanceException.class,
            () -> LabPlanning.cheapest(io.nestlab.spec.LabSpecs.read(awsOnly), "gcp", null));
    assertTrue(
        e.getMessage().contains("placement.instanceTypes lists no gcp type")
            && e.getMessage().contains("m5.metal"),
        e.getMessage());
  }

  @Test
  void planBadInputs(@TempDir Path dir) throws Exception {
    assertEquals(ExitCode.INVALID_INPUT, run("plan", dir.resolve("none.yaml").toString()));
    assertTrue(err.toString().contains("no such file"), err.toString());
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: [unclosed\n");
    assertEquals(ExitCode.INVALID_INPUT, run("plan", bad.toString()));
    assertEquals(ExitCode.INVALID_INPUT, run("plan", ARTICLE, "--provider", "azure"));
    assertTrue(err.toString().contains("'azure' is not a provider"), err.toString());
    assertFalse(err.toString().contains("Exception"), err.toString());
  }

  @Test
  void verboseIsAcceptedByEverySubcommand() {
    assertEquals(ExitCode.OK, run("catalog", "--verbose"));
    assertEquals(ExitCode.OK, run("--verbose", "providers"));
  }
}
