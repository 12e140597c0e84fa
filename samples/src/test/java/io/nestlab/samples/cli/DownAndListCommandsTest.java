package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spi.TagFilter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** down's confirmation, labs created elsewhere, list merged with the clouds' tags, and JSON. */
class DownAndListCommandsTest {
  @TempDir Path tmp;
  private StringWriter out;
  private StringWriter err;
  private String labId;
  private final List<String> asked = new ArrayList<>();

  private int run(String... args) {
    CliRun r = CliRun.of(args);
    out = r.out;
    err = r.err;
    return r.code;
  }

  /** {@code args} on state directory {@code state} and the shared fake cloud. */
  private String[] on(String state, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--state-dir",
            tmp.resolve(state).toString(),
            "--provider-opt",
            "dir=" + tmp.resolve("cloud"),
            "--provider-opt",
            "transition-ms=20"));
    return all.toArray(String[]::new);
  }

  private JsonNode json() throws Exception {
    return new ObjectMapper().readTree(out.toString());
  }

  @BeforeEach
  void aLabOnTheFakeCloud() {
    Path file = Path.of(System.getProperty("nestlab.repo.dir"), "samples/labs/single-host.yaml");
    assertEquals(
        0,
        run(
            on(
                "here",
                "up",
                file.toString(),
                "--provider",
                "fake",
                "--yes",
                "--wait",
                "infrastructure")),
        err.toString());
    Matcher m = Pattern.compile("lab (single-host-[a-z0-9]+) is launched").matcher(out.toString());
    assertTrue(m.find(), out.toString());
    labId = m.group(1);
  }

  @AfterEach
  void noTestTerminal() {
    Terminal.testTerminal = null;
  }

  @Test
  void downWithoutATerminalAndWithoutYesRefusesAndSaysWhy() {
    assertEquals(ExitCode.INVALID_INPUT, run(on("here", "down", labId)));
    assertTrue(
        err.toString().contains("--yes: no terminal to ask for confirmation"), err.toString());
    assertTrue(err.toString().contains("pass --yes to destroy lab " + labId), err.toString());
    assertEquals(0, run(on("here", "status", labId)), err.toString());
    assertFalse(out.toString().contains("destroyed"), "nothing was destroyed: " + out);
  }

  @Test
  void downOnATerminalAsksWithWhatExistsAndNoMeansNothingIsDestroyed() {
    Terminal.testTerminal =
        q -> {
          asked.add(q);
          return "n";
        };
    assertEquals(ExitCode.OK, run(on("here", "down", labId)));
    assertEquals(1, asked.size());
    assertTrue(
        asked
            .get(0)
            .matches(
                "Destroy lab "
                    + labId
                    + " \\(2 recorded: network .*, host fake-i-\\d+\\)\\? \\[y/N\\] "),
        asked.get(0));
    assertTrue(out.toString().contains("nothing destroyed"), out.toString());
    try (FakeLabProvider cloud =
        FakeLabProvider.builder().directory(tmp.resolve("cloud")).build()) {
      assertFalse(cloud.listOwned(TagFilter.lab(labId)).isEmpty());
    }

    Terminal.testTerminal = q -> "y";
    assertEquals(ExitCode.OK, run(on("here", "down", labId)), err.toString());
    assertTrue(
        out.toString().contains("is destroyed: nothing tagged with it is left"), out.toString());
  }

  @Test
  void listMergesStateWithTheCloudsTagsAndDownDeletesALabCreatedElsewhere() throws Exception {
    // Without --provider: this machine's state only, and a hint.
    assertEquals(0, run(on("here", "list")), err.toString());
    assertTrue(out.toString().matches("(?s).*" + labId + " .* here\\n.*"), out.toString());
    assertTrue(
        out.toString()
            .contains("'nestlab list --provider ID' or 'nestlab list --all-providers' adds"),
        out.toString());

    // Here and in the cloud.
    assertEquals(0, run(on("here", "list", "--provider", "fake")), err.toString());
    assertTrue(
        out.toString().matches("(?s).*" + labId + " .*here\\+cloud \\(\\d+ resources\\).*"),
        out.toString());

    // Another machine (no state) sees it by its tags, with the command that deletes it.
    assertEquals(0, run(on("elsewhere", "list", "--provider", "fake")), err.toString());
    String text = out.toString();
    assertTrue(text.matches("(?s).*" + labId + " .*cloud only \\(\\d+ resources\\).*"), text);
    String down =
        "nestlab down "
            + labId
            + " --provider fake --provider-opt dir="
            + tmp.resolve("cloud")
            + " --provider-opt transition-ms=20 --state-dir "
            + tmp.resolve("elsewhere");
    assertTrue(text.contains(labId + ": created elsewhere (no state here; owner "), text);
    assertTrue(text.contains("'" + down + "' deletes it by its tags"), text);

    assertEquals(0, run(on("elsewhere", "list", "--provider", "fake", "--json")), err.toString());
    JsonNode lab = json().path("labs").get(0);
    assertEquals(labId, lab.path("id").asText());
    assertEquals("cloud", lab.path("source").asText());
    assertTrue(lab.path("status").isNull());
    assertTrue(lab.path("cloudResources").asInt() >= 2, lab.toString());
    assertTrue(json().path("providers").get(0).path("listed").asBoolean());

    // Without --provider, a lab with no state here is unknown, and the error says what to add.
    assertEquals(ExitCode.STATE, run(on("elsewhere", "down", labId, "--yes")));
    assertTrue(
        err.toString().contains("name its cloud: nestlab down " + labId + " --provider ID"),
        err.toString());

    // The printed command, as printed (plus --yes, there is no terminal here), deletes it.
    List<String> args = new ArrayList<>(List.of(down.split(" ")));
    args.remove(0);
    args.add("--yes");
    assertEquals(0, run(args.toArray(String[]::new)), err.toString());
    assertTrue(
        out.toString()
            .contains("lab " + labId + " is destroyed: nothing tagged with it is left on fake"),
        out.toString());
    try (FakeLabProvider cloud =
        FakeLabProvider.builder().directory(tmp.resolve("cloud")).build()) {
      assertEquals(List.of(), cloud.listOwned(TagFilter.anyLab()));
    }
    assertFalse(Files.exists(tmp.resolve("elsewhere").resolve(labId)), "no state left elsewhere");

    // Back here: the state says it exists, the cloud has nothing.
    assertEquals(0, run(on("here", "list", "--provider", "fake")), err.toString());
    assertTrue(out.toString().contains("here; NOTHING in the cloud"), out.toString());
    // And nothing tagged with an unknown id: a state error naming both places.
    assertEquals(
        ExitCode.STATE, run(on("elsewhere", "down", "no-such-lab", "--provider", "fake", "--yes")));
    assertTrue(
        err.toString().contains("nothing on fake is tagged nestlab-lab=no-such-lab"),
        err.toString());
  }

  /** --all-providers lists what it can and names, on stderr, each cloud it skipped and why. */
  @Test
  void listAllProvidersSkipsTheCloudsItCannotOpenOrReach() throws Exception {
    // fake's region: aws and gcp refuse it (gcp also lacks a project); fake is listed.
    assertEquals(
        ExitCode.OK,
        run(on("here", "list", "--all-providers", "--provider-opt", "region=fake-central-1")),
        err.toString());
    assertTrue(
        out.toString().matches("(?s).*" + labId + " .*here\\+cloud \\(\\d+ resources\\).*"),
        out.toString());
    assertTrue(
        err.toString().contains("nestlab: warning: --all-providers skipped aws: "), err + "");
    assertTrue(
        err.toString().contains("nestlab: warning: --all-providers skipped gcp: "), err + "");
    assertTrue(err.toString().contains("project: is required"), err.toString());
    assertFalse(err.toString().contains("skipped fake"), err.toString());

    // The QA run's case: an AWS region, which fake refuses; aws's endpoint does not answer.
    String[] qa =
        on(
            "here",
            "list",
            "--all-providers",
            "--provider-opt",
            "region=us-east-1",
            "--provider-opt",
            "endpoint=http://127.0.0.1:9");
    assertEquals(ExitCode.OK, run(qa), err.toString());
    assertTrue(out.toString().matches("(?s).*" + labId + " .* here\\n.*"), out.toString());
    assertFalse(out.toString().contains("'nestlab list --all-providers' adds"), out.toString());
    assertTrue(
        err.toString()
            .contains(
                "nestlab: warning: --all-providers skipped fake: fake provider settings: region:"
                    + " 'us-east-1' is not a fake region"),
        err.toString());
    assertTrue(err.toString().contains("skipped aws: "), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());

    List<String> json = new ArrayList<>(List.of(qa));
    json.add("--json");
    assertEquals(ExitCode.OK, run(json.toArray(String[]::new)), err.toString());
    assertEquals(labId, json().path("labs").get(0).path("id").asText());
    for (JsonNode p : json().path("providers")) {
      assertFalse(p.path("listed").asBoolean(), p.toString());
      assertTrue(p.path("error").asText().length() > 0, p.toString());
    }

    // A provider named with --provider is still an error when its settings are wrong.
    assertEquals(
        ExitCode.INVALID_INPUT,
        run(on("here", "list", "--provider", "fake", "--provider-opt", "region=us-east-1")));
    assertTrue(err.toString().contains("'us-east-1' is not a fake region"), err.toString());
  }

  @Test
  void listRefusesAnUnknownProviderAndASettingNoListedProviderHas() {
    assertEquals(ExitCode.INVALID_INPUT, run(on("here", "list", "--provider", "azure")));
    assertTrue(err.toString().contains("azure"), err.toString());
    assertEquals(
        ExitCode.INVALID_INPUT,
        run(on("here", "list", "--provider", "fake", "--provider-opt", "colour=blue")));
    assertTrue(
        err.toString().contains("--provider-opt colour: is not a setting of fake"), err.toString());
  }

  @Test
  void statusCostAndListPrintTheirDocumentedJson() throws Exception {
    assertEquals(0, run(on("here", "status", labId, "--json")), err.toString());
    JsonNode s = json();
    assertEquals(labId, s.path("id").asText());
    assertEquals("creating", s.path("status").asText());
    assertEquals("fake", s.path("provider").asText());
    assertEquals("running", s.path("hostState").asText());
    assertTrue(s.path("cost").path("burnRateUsdPerHour").isNumber(), s.toString());
    assertEquals("ok", s.path("budget").path("verdict").asText(), s.toString());
    assertTrue(s.path("guardAction").isNull());
    assertTrue(s.has("leaseUntil") && s.has("publicIp") && s.has("lastError"), s.toString());

    assertEquals(0, run(on("here", "--json", "cost", labId)), err.toString());
    JsonNode c = json();
    assertEquals(labId, c.path("id").asText());
    assertTrue(c.path("accruedUsd").isNumber(), c.toString());
    assertTrue(
        c.path("rates").path("instanceUsdPerHour").decimalValue().signum() > 0, c.toString());
    assertEquals(10.0, c.path("budgetUsd").asDouble(), c.toString());
    assertEquals(
        c.path("budgetUsd").decimalValue().subtract(c.path("accruedUsd").decimalValue()),
        c.path("budgetLeftUsd").decimalValue());
    assertTrue(
        c.path("projectedUsdAtLeaseEnd")
                .decimalValue()
                .compareTo(c.path("accruedUsd").decimalValue())
            > 0,
        c.toString());

    assertEquals(0, run(on("here", "cost", "--json")), err.toString());
    assertEquals(labId, json().path("labs").get(0).path("id").asText());
    assertTrue(json().path("totalUsd").isNumber());

    assertEquals(0, run(on("here", "list", "--json")), err.toString());
    JsonNode l = json().path("labs").get(0);
    assertEquals("state", l.path("source").asText());
    assertTrue(l.path("cloudResources").isNull(), "the cloud was not asked: " + l);
    assertEquals(0, run(on("here", "status", "--json")), err.toString());
    assertEquals(labId, json().path("labs").get(0).path("id").asText());
  }

  @Test
  void jsonOnACommandWithoutJsonOutputIsRefusedNamingThoseThatHaveIt() {
    assertEquals(ExitCode.INVALID_INPUT, run(on("here", "stop", labId, "--json")));
    assertTrue(
        err.toString()
            .contains(
                "--json: 'stop' has no JSON output; these commands have: blueprints, catalog,"
                    + " checkpoints, cost,"),
        err.toString());
  }
}
