package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spi.TagFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nestlab watch} applies the TTL guard with nobody running {@code status}. */
class WatchCommandTest {
  @TempDir Path tmp;

  private CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--state-dir",
            tmp.resolve("state").toString(),
            "--provider-opt",
            "dir=" + tmp.resolve("cloud"),
            "--provider-opt",
            "transition-ms=20",
            "--provider-opt",
            "boot-phase-ms=5"));
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void watchDestroysTheLabWhenItsLeaseEndsAndSaysSoWithExit3() throws IOException {
    String yaml =
        Files.readString(
                Path.of(
                    System.getProperty("nestlab.repo.dir"), "samples", "labs", "single-host.yaml"))
            .replaceFirst("ttl: *\\S+", "ttl: 3s");
    Path file = Files.writeString(tmp.resolve("short.yaml"), yaml);
    CliRun up = run("up", file.toString(), "--provider", "fake", "--yes");
    assertEquals(0, up.code, up.err.toString());
    Matcher m = Pattern.compile("lab (single-host-[a-z0-9]+) is ready").matcher(up.out.toString());
    assertTrue(m.find(), up.out.toString());
    String id = m.group(1);

    CliRun watch = run("watch", id, "--every", "1s");

    assertEquals(ExitCode.STOPPED_BY_GUARD, watch.code, watch.err.toString());
    // Each period prints the lab's status line. Whether one came before the TTL depends on how
    // long `up` took on this machine, so either state may be the first one seen.
    assertTrue(
        Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d (ready|destroyed), \\$[0-9.]+ so far")
            .matcher(watch.out.toString())
            .find(),
        watch.out.toString());
    assertTrue(watch.out.toString().contains("lab " + id + " destroyed"), watch.out.toString());
    try (FakeLabProvider cloud =
        FakeLabProvider.builder().directory(tmp.resolve("cloud")).build()) {
      assertEquals(List.of(), cloud.listOwned(TagFilter.lab(id)));
    }
  }

  @Test
  void aPeriodUnderOneSecondIsRefused() {
    CliRun r = run("watch", "any-lab", "--every", "10ms");
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains("--every"), r.err.toString());
  }
}
