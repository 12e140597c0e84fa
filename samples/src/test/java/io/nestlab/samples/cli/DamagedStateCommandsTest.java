package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spi.TagFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrupt lab.json next to a healthy lab: list, status, cost and down keep working for both
 * (docs/design/0090-damaged-records.md).
 */
class DamagedStateCommandsTest {
  @TempDir Path tmp;
  private CliRun last;
  private String damaged;
  private String healthy;

  private int run(String... args) {
    last = CliRun.of(args);
    return last.code;
  }

  private String out() {
    return last.out.toString();
  }

  private String err() {
    return last.err.toString();
  }

  private String[] on(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--state-dir",
            tmp.resolve("state").toString(),
            "--provider-opt",
            "dir=" + tmp.resolve("cloud"),
            "--provider-opt",
            "transition-ms=20"));
    return all.toArray(String[]::new);
  }

  private String up() {
    Path file = Path.of(System.getProperty("nestlab.repo.dir"), "samples/labs/single-host.yaml");
    assertEquals(
        0,
        run(on("up", file.toString(), "--provider", "fake", "--yes", "--wait", "infrastructure")),
        err());
    Matcher m = Pattern.compile("lab (single-host-[a-z0-9]+) is launched").matcher(out());
    assertTrue(m.find(), out());
    return m.group(1);
  }

  private Path record(String lab) {
    return tmp.resolve("state").resolve(lab).resolve("lab.json");
  }

  private int tagged(String lab) {
    try (FakeLabProvider cloud =
        FakeLabProvider.builder().directory(tmp.resolve("cloud")).build()) {
      return cloud.listOwned(TagFilter.lab(lab)).size();
    }
  }

  @BeforeEach
  void twoLabsOneTruncated() throws Exception {
    damaged = up();
    healthy = up();
    String text = Files.readString(record(damaged));
    Files.writeString(record(damaged), text.substring(0, text.length() / 3));
  }

  /** Its backup gone too: nothing of the record is left but its id and its path. */
  private void loseTheBackup() throws Exception {
    Files.delete(record(damaged).resolveSibling("lab.json.bak"));
  }

  @Test
  void listStatusAndCostShowTheDamagedLabWithItsPathAndKeepTheOtherWorking() throws Exception {
    loseTheBackup();
    assertEquals(0, run(on("list")), err());
    assertTrue(out().matches("(?s).*" + damaged + " +damaged .*"), out());
    assertTrue(out().contains(record(damaged).toString()), out());
    assertTrue(out().contains("'nestlab down " + damaged + " --provider ID"), out());
    assertTrue(out().matches("(?s).*" + healthy + " +creating .*"), out());
    // With the OWNER column too (a damaged row once lacked a cell for it, and list failed).
    assertEquals(0, run(on("list", "--all-owners")), err());
    assertTrue(out().matches("(?s).*" + damaged + " +damaged .* - +here \\(damaged\\).*"), out());
    assertTrue(out().contains("OWNER"), out());

    assertEquals(0, run(on("list", "--provider", "fake", "--json")), err());
    JsonNode labs = new ObjectMapper().readTree(out()).path("labs");
    assertEquals(2, labs.size(), out());
    JsonNode bad = labs.get(damaged.compareTo(healthy) < 0 ? 0 : 1);
    assertEquals("damaged", bad.path("status").asText());
    assertEquals(record(damaged).toString(), bad.path("damaged").path("location").asText());
    assertTrue(bad.path("cloudResources").asInt() >= 2, bad.toString());
    assertTrue(err().contains("is damaged"), err());

    assertEquals(0, run(on("status")), err());
    assertTrue(out().contains(damaged) && out().contains(healthy), out());
    assertEquals(0, run(on("status", healthy)), err());

    assertEquals(0, run(on("cost")), err());
    assertTrue(out().matches("(?s).*" + damaged + " +damaged .*"), out());
    assertTrue(out().matches("(?s).*" + healthy + " +creating +\\$.*"), out());
    assertEquals(0, run(on("cost", "--json")), err());
    assertEquals(2, new ObjectMapper().readTree(out()).path("labs").size(), out());

    // The damaged lab itself: a state error naming its file and the way out.
    assertEquals(ExitCode.STATE, run(on("status", damaged)));
    assertTrue(err().contains(record(damaged).toString()), err());
    assertTrue(err().contains("nestlab down " + damaged + " --provider ID"), err());
  }

  @Test
  void downOfADamagedLabDeletesItByItsTags() throws Exception {
    loseTheBackup();
    assertTrue(tagged(damaged) > 0);
    assertEquals(ExitCode.STATE, run(on("down", damaged, "--yes")));
    assertTrue(err().contains("--provider ID"), err());
    assertTrue(tagged(damaged) > 0, "nothing is deleted without knowing the cloud");

    assertEquals(0, run(on("down", damaged, "--provider", "fake", "--yes")), err());
    assertEquals(0, tagged(damaged), out());
    assertFalse(Files.exists(record(damaged).getParent()), "the damaged record is gone with it");
    assertTrue(tagged(healthy) > 0, "the other lab is untouched");

    assertEquals(0, run(on("down", healthy, "--yes")), err());
    assertEquals(0, tagged(healthy));
  }

  @Test
  void withItsBackupTheDamagedLabWorksAsBeforeWithAWarning() {
    assertEquals(0, run(on("status", damaged)), err());
    assertTrue(err().contains("warning: the record of lab " + damaged), err());
    assertTrue(err().contains("using its backup copy"), err());
    assertEquals(0, run(on("list")), err());
    assertTrue(out().matches("(?s).*" + damaged + " +creating .*"), out());
    assertEquals(0, run(on("down", damaged, "--yes")), err());
    assertEquals(0, tagged(damaged));
  }
}
