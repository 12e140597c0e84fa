package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EstimateCommandTest {
  private static final String ARTICLE =
      Path.of(System.getProperty("nestlab.repo.dir", ".."), "samples/labs/article-lab.yaml")
          .toString();
  private static final String TOO_BIG =
      Path.of("src/test/resources/labs/too-big.yaml").toAbsolutePath().toString();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = NestLabCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void articleLabShowsBothCloudsWithBreakdownsAndTheAwsRegionCaveat() {
    assertEquals(ExitCode.OK, run("estimate", ARTICLE));
    String text = out.toString();
    assertTrue(text.contains(" aws ") && text.contains(" gcp "), text);
    assertTrue(text.contains("x8i.xlarge"), text);
    assertTrue(text.contains("boot disk 30 GiB gp3"), text);
    assertTrue(text.contains("public IPv4 address"), text);
    assertTrue(text.contains("AWS prices are for us-east-1 only"), text);
    assertTrue(text.contains("depth 3, experimental"), text);
    // the vCenter 7.0U3 -> 8.0U3 upgrade: old and new appliance at once (issue #16)
    assertTrue(text.contains("sized for the vCenter upgrade's peak"), text);
    assertTrue(text.contains("47.5 GiB memory"), text);
  }

  @Test
  void aCpuTheLabsEsxiRefusesIsNotOfferedAndTheReasonNamesIt(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path lab = dir.resolve("n1.yaml");
    java.nio.file.Files.writeString(
        lab,
        "apiVersion: nestlab/v1\nname: n1-lab\nesxi: { version: \"8.0U3\" }\n"
            + "placement:\n  providers: [gcp]\n  instanceTypes: [n1-standard-16]\n");
    assertEquals(ExitCode.INVALID_INPUT, run("estimate", lab.toString()), err.toString());
    String text = out.toString();
    assertTrue(text.contains("No option fits this lab."), text + err);
    assertTrue(
        text.contains("Not on gcp: the CPU cannot run the lab's ESXi: n1: Intel Sandy"), text);
    assertTrue(text.contains("Series in the catalog whose CPU runs it: c2, c3,"), text);
  }

  @Test
  void aDeprecatedCpuIsListedWithItsWarning(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path lab = dir.resolve("m5.yaml");
    java.nio.file.Files.writeString(
        lab,
        "apiVersion: nestlab/v1\nname: m5-lab\nesxi: { version: \"9.0\" }\n"
            + "placement:\n  providers: [aws]\n  instanceTypes: [m5.metal]\n");
    assertEquals(ExitCode.OK, run("estimate", lab.toString()), out + "\n" + err);
    String text = out.toString();
    assertTrue(text.contains("  m5.metal: warning: CPU Intel Skylake-SP"), text);
    assertTrue(text.contains("is deprecated in ESXi 9"), text);
  }

  @Test
  void jsonFollowsTheContractAndIsSortedByHourlyCost() throws Exception {
    assertEquals(ExitCode.OK, run("estimate", ARTICLE, "--json", "--provider", "all", "--spot"));
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertEquals("upgrade-rehearsal", root.get("lab").asText());
    for (String p : List.of("aws", "gcp")) {
      assertTrue(root.get("catalog").get(p).hasNonNull("asOf"), p);
      assertTrue(root.get("catalog").get(p).hasNonNull("source"), p);
    }
    JsonNode options = root.get("options");
    assertTrue(options.size() > 20, "options: " + options.size());
    double last = -1;
    for (JsonNode o : options) {
      for (String f :
          List.of(
              "provider",
              "region",
              "instanceType",
              "market",
              "nestingDepth",
              "support",
              "hourlyUsd",
              "sessionUsd",
              "monthlyUsd",
              "breakdown",
              "headroom")) {
        assertTrue(o.has(f), f + " missing in " + o);
      }
      double h = o.get("hourlyUsd").asDouble();
      assertTrue(h >= last, "not sorted at " + o);
      last = h;
      assertTrue(o.get("breakdown").get(0).has("item"), o.toString());
      assertTrue(o.get("breakdown").get(0).has("hourlyUsd"), o.toString());
    }
    assertTrue(root.get("infeasible").isArray());
    // the lab's placement.maxHourlyUsd of $2 still applies
    assertTrue(last <= 2.0, "last option costs " + last);
  }

  @Test
  void sameFileGivesByteIdenticalJson() {
    run("estimate", ARTICLE, "--json");
    String first = out.toString();
    out.getBuffer().setLength(0);
    run("estimate", ARTICLE, "--json");
    assertEquals(first, out.toString());
  }

  @Test
  void topHoursAndProviderNarrowTheAnswer() throws Exception {
    assertEquals(
        ExitCode.OK,
        run("estimate", ARTICLE, "--json", "--provider", "aws", "--top", "3", "--hours", "2.5"));
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertEquals(3, root.get("options").size());
    for (JsonNode o : root.get("options")) {
      assertEquals("aws", o.get("provider").asText());
      assertEquals(
          Math.round(o.get("hourlyUsd").asDouble() * 2.5 * 100) / 100.0,
          o.get("sessionUsd").asDouble(),
          0.011);
    }
    assertFalse(root.get("catalog").has("gcp"));
  }

  @Test
  void nothingFitsExplainsTheBindingConstraintAndExitsOne() {
    assertEquals(ExitCode.INVALID_INPUT, run("estimate", TOO_BIG));
    String text = out.toString();
    assertTrue(text.contains("No option fits"), text);
    assertTrue(text.contains("Not on aws: needs 8210 GiB memory on the L1 host"), text);
    assertTrue(text.contains("the largest eligible aws type"), text);
  }

  @Test
  void badFlagsAreInputErrorsWithoutStackTraces() {
    assertEquals(ExitCode.INVALID_INPUT, run("estimate", ARTICLE, "--provider", "azure"));
    assertTrue(
        err.toString().contains("'azure' is not a provider; use one of aws, fake, gcp"),
        err.toString());
    assertEquals(ExitCode.INVALID_INPUT, run("estimate", ARTICLE, "--region", "us-centrall1"));
    assertTrue(err.toString().contains("known regions starting with 'us-'"), err.toString());
    assertEquals(ExitCode.INVALID_INPUT, run("estimate", ARTICLE, "--hours", "0"));
    assertTrue(err.toString().contains("--hours: must be more than 0"), err.toString());
    assertEquals(ExitCode.INVALID_INPUT, run("estimate", "no-such-lab.yaml"));
    assertTrue(err.toString().contains("no such file"), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
  }

  @Test
  void spotOnALabWhoseMarketIsAlreadySpotKeepsItSpot(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    String yaml =
        java.nio.file.Files.readString(Path.of(ARTICLE))
            .replace("  market: on-demand", "  market: spot")
            .replace("  providers: [aws, gcp]", "  providers: [gcp]")
            .replace("  regions: [us-east-1, us-central1]", "  regions: [us-central1]");
    Path spotLab = java.nio.file.Files.writeString(dir.resolve("spot-lab.yaml"), yaml);
    assertEquals(ExitCode.OK, run("estimate", spotLab.toString(), "--json", "--spot"));
    JsonNode options = new ObjectMapper().readTree(out.toString()).get("options");
    assertTrue(options.size() > 0, out.toString());
    for (JsonNode o : options) {
      assertEquals("spot", o.get("market").asText(), "--spot widened a spot lab: " + o);
    }
  }
}
