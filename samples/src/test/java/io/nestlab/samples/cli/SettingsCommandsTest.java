package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provider settings on the command line: strict, one spelling, no silent winner (0092). */
class SettingsCommandsTest {
  @TempDir Path tmp;

  private CliRun list(String... extra) {
    String[] base = {"list", "--provider", "fake", "--state-dir", tmp.resolve("state").toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return CliRun.of(all);
  }

  @Test
  void aRegionGivenTwiceDifferentlyIsRefusedNotOverridden() {
    CliRun r = list("--provider-opt", "region=mars-1", "--region", "fake-central-1");
    assertEquals(ExitCode.INVALID_INPUT, r.code, r.out.toString());
    assertTrue(
        r.err
            .toString()
            .contains(
                "--region: says fake-central-1 but --provider-opt region=mars-1 says otherwise"),
        r.err.toString());
    CliRun same = list("--provider-opt", "region=fake-central-1", "--region", "fake-central-1");
    assertEquals(ExitCode.OK, same.code, same.err.toString());
  }

  @Test
  void anOutOfRangeFakeSettingIsABadSetting() {
    CliRun r = list("--provider-opt", "latency-ms=-5");
    assertEquals(ExitCode.INVALID_INPUT, r.code, r.out.toString());
    assertTrue(r.err.toString().contains("fake provider settings: 1 problem"), r.err.toString());
    assertTrue(r.err.toString().contains("latency-ms: -5 is out of range"), r.err.toString());
  }

  @Test
  void theOldCamelCaseSpellingWorksWithADeprecationNote() {
    CliRun r = list("--provider-opt", "transitionMs=20");
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertTrue(
        r.err
            .toString()
            .contains(
                "warning: --provider-opt transitionMs is deprecated: settings are spelled in"
                    + " kebab-case now; write transition-ms=..."),
        r.err.toString());
  }

  @Test
  void planTakesItsSettingsAsAMapAndIsWarnedToo() {
    String file =
        Path.of(System.getProperty("nestlab.repo.dir"), "samples/labs/single-host.yaml").toString();
    CliRun r =
        CliRun.of("plan", file, "--provider", "aws", "--provider-opt", "pricingEndpoint=http://x");
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertTrue(
        r.err.toString().contains("--provider-opt pricingEndpoint is deprecated"),
        r.err.toString());
  }
}
