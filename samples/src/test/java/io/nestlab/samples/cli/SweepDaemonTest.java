package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.engine.LabEngine;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep --daemon}: one sweeper leads a store, the others stand by until it stops. */
class SweepDaemonTest {
  @TempDir Path tmp;

  SweepDaemon daemon(StringWriter text) {
    LabEngine engine = LabEngine.builder(FileLabStore.at(tmp.resolve("state"))).build();
    return new SweepDaemon(
        new PrintWriter(text, true),
        engine,
        "fake",
        ProviderSettings.of(Map.of("dir", tmp.resolve("cloud").toString())));
  }

  @Test
  void oneDaemonSweepsTheOthersStandByUntilItStops() throws Exception {
    StringWriter aText = new StringWriter();
    StringWriter bText = new StringWriter();
    SweepDaemon a = daemon(aText);
    SweepDaemon b = daemon(bText);
    assertTrue(a.round(), aText.toString());
    assertTrue(aText.toString().contains("this process leads"), aText.toString());
    assertTrue(aText.toString().contains("fake: nothing has an expired lease"), aText.toString());
    assertFalse(b.round(), bText.toString());
    assertTrue(bText.toString().contains("standing by"), bText.toString());
    assertFalse(bText.toString().contains("fake: nothing"), bText.toString());

    CountDownLatch ran = new CountDownLatch(1);
    Thread loop =
        new Thread(
            () -> {
              try {
                a.run(Duration.ofHours(1));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              ran.countDown();
            });
    loop.start();
    assertTrue(a.stop(Duration.ofMinutes(1)), "the daemon did not stop");
    assertTrue(ran.await(1, TimeUnit.MINUTES));
    assertTrue(aText.toString().contains("sweeper: stopped; another runner"), aText.toString());
    assertTrue(b.round(), bText.toString());
    assertTrue(bText.toString().contains("this process leads"), bText.toString());
  }

  @Test
  void everyWithoutDaemonIsAUsageErrorNotIgnored() {
    CliRun run =
        CliRun.of(
            "sweep",
            "--every",
            "1m",
            "--provider",
            "fake",
            "--state-dir",
            tmp.resolve("state").toString());
    assertEquals(ExitCode.INVALID_INPUT, run.code, run.out + " / " + run.err);
    assertTrue(
        run.err
            .toString()
            .contains(
                "--every works only with --daemon, which repeats the sweep: add --daemon to"
                    + " sweep every 1m, or drop --every for one sweep"),
        run.err.toString());
    assertTrue(run.err.toString().contains("'nestlab sweep --help'"), run.err.toString());
    assertEquals("", run.out.toString(), "nothing was swept");
  }

  @Test
  void daemonWithDryRunIsRefused() {
    CliRun run =
        CliRun.of(
            "sweep",
            "--daemon",
            "--dry-run",
            "--provider",
            "fake",
            "--state-dir",
            tmp.resolve("state").toString());
    assertEquals(ExitCode.INVALID_INPUT, run.code);
    assertTrue(run.err.toString().contains("cannot go with --daemon"), run.err.toString());
  }
}
