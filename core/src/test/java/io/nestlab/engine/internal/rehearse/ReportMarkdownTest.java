package io.nestlab.engine.internal.rehearse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.internal.io.Json;
import io.nestlab.spec.LabSpecs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Markdown report: times to the second, short durations, and a failed run's "after". */
class ReportMarkdownTest {
  static final String STEPS =
      """
      [{"id":"vcenter","state":"done","started":"2026-12-01T10:00:00.123456789Z",
        "ended":"2026-12-01T11:02:03.623456789Z","message":null},
       {"id":"esx-01","state":"done","started":"2026-12-01T11:02:03.623456789Z",
        "ended":"2026-12-01T11:27:08.100Z","message":null},
       {"id":"esx-02","state":"failed","started":"2026-12-01T11:27:08.100Z",
        "ended":"2026-12-01T11:27:15Z","message":"esx-02 came back on build 21930508"},
       {"id":"esx-03","state":"pending","started":null,"ended":null,"message":null}]
      """;

  static String report(String extra) {
    return """
        {"labId":"x","state":"failed","dryRun":false,
         "before":{"vcenter":{"version":"7.0U3","build":""},
                   "hosts":{"esx-01":{"version":"7.0U3","build":"21930508"},
                            "esx-02":{"version":"7.0U3","build":"21930508"},
                            "esx-03":{"version":"7.0U3","build":"21930508"}}},
         "after":null,
         "steps":%s,
         "checks":[],"warnings":[],
         "failure":{"step":"esx-02","host":"esx-02","message":"esx-02 came back on build 21930508"},
         "logs":[]%s}
        """
        .formatted(STEPS, extra);
  }

  @Test
  void stepTimesAreToTheSecondAndDurationsShort() {
    String md = ReportMarkdown.render("x", report(""));

    assertTrue(
        md.contains("| vcenter | done | 2026-12-01T10:00:00Z | 2026-12-01T11:02:03Z | 1h02m04s |"),
        md);
    assertTrue(
        md.contains("| esx-01 | done | 2026-12-01T11:02:03Z | 2026-12-01T11:27:08Z | 25m04s |"),
        md);
    assertTrue(md.contains("| 7s |"), md);
    assertFalse(md.contains(".123"), md);
    assertEquals("0s", ReportMarkdown.duration(Duration.ofMillis(400)));
    assertEquals("1m00s", ReportMarkdown.duration(Duration.ofSeconds(60)));
    assertEquals("10h00m00s", ReportMarkdown.duration(Duration.ofHours(10)));
  }

  @Test
  void aFailedRunWithoutObservedVersionsGetsThemFromItsSteps() throws Exception {
    JsonNode host = Json.mapper().readTree(report(""));
    var spec =
        LabSpecs.read(
            Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", "article-lab.yaml"));

    String md = ReportMarkdown.render("x", HostJson.write(AtFailure.withObserved(host, spec)));

    // the vcenter step done: the target; esx-01 done: the target; esx-02 failed: as before,
    // not confirmed; esx-03 not reached: as before
    assertTrue(md.contains("| vCenter | 7.0U3 | 8.0U3 (build 24022515) at failure |"), md);
    assertTrue(
        md.contains("| esx-01 | 7.0U3 (build 21930508) | 8.0U3 (build 24022510) at failure |"), md);
    assertTrue(
        md.contains(
            "| esx-02 | 7.0U3 (build 21930508) | 7.0U3 (build 21930508), not confirmed at"
                + " failure |"),
        md);
    assertTrue(
        md.contains("| esx-03 | 7.0U3 (build 21930508) | 7.0U3 (build 21930508) at failure |"), md);
  }

  @Test
  void theHostsOwnObservedVersionsWinAndASucceededRunIsUntouched() throws Exception {
    String observed =
        ",\"observed\":{\"vcenter\":{\"version\":\"8.0U3\",\"build\":\"24022515\"},"
            + "\"hosts\":{\"esx-02\":{\"version\":\"7.0U3\",\"build\":\"21930509\"}}}";
    JsonNode host = Json.mapper().readTree(report(observed));
    var spec =
        LabSpecs.read(
            Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", "article-lab.yaml"));

    String md = ReportMarkdown.render("x", HostJson.write(AtFailure.withObserved(host, spec)));

    assertTrue(
        md.contains("| esx-02 | 7.0U3 (build 21930508) | 7.0U3 (build 21930509) at failure |"), md);
    assertTrue(md.contains("| esx-01 | 7.0U3 (build 21930508) | - |"), md);
    String ok = report("").replace("\"state\":\"failed\"", "\"state\":\"succeeded\"");
    JsonNode okNode = Json.mapper().readTree(ok);
    assertEquals(okNode, AtFailure.withObserved(okNode, spec));
  }
}
