package io.nestlab.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nestlab.engine.LabEngine;
import io.nestlab.engine.SweepReport;
import io.nestlab.fake.FakeClock;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.junit.examples.KilledMidClassExample;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A JVM killed in the middle of a class leaves its lab behind with a short lease; once the lease
 * has passed, {@code sweep} finds it by its tags alone and deletes it.
 */
class KilledMidClassIT {
  @TempDir Path tmp;

  /** The child JVM: runs {@link KilledMidClassExample} with the state and cloud directories. */
  public static void main(String[] args) {
    System.setProperty("nestlab.junit.crash-child", "true");
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(
                    org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(
                        KilledMidClassExample.class))
                .configurationParameters(
                    Map.of(
                        Session.STATE_DIR,
                        args[0],
                        Session.PROVIDER_OPT_PREFIX + "fake.dir",
                        args[1],
                        Session.LEASE,
                        "PT5M"))
                .build());
  }

  @Test
  void aLabLeftByAKilledJvmIsSweptAfterItsLease() throws Exception {
    Path state = tmp.resolve("state");
    Path cloud = tmp.resolve("cloud");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(KilledMidClassIT.class.getName());
    cmd.add(state.toString());
    cmd.add(cloud.toString());
    Process child =
        new ProcessBuilder(cmd)
            .redirectError(tmp.resolve("child.err").toFile())
            .directory(new File(System.getProperty("user.dir")))
            .start();
    String labId = awaitRunning(child);
    child.destroyForcibly(); // SIGKILL: no after-all callback, no shutdown hook
    assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child did not die");

    LabRecord left = FileLabStore.at(state).load(labId);
    assertEquals(LabStatus.READY, left.status(), "the killed JVM could not destroy it");
    Duration lease = Duration.between(left.created(), left.leaseUntil());
    assertTrue(lease.compareTo(Duration.ofMinutes(6)) <= 0, "a heartbeat lease: " + lease);

    ProviderSettings settings = ProviderSettings.of(Map.of("dir", cloud.toString()));
    LabEngine early =
        LabEngine.builder(FileLabStore.at(tmp.resolve("elsewhere")))
            .clock(FakeClock.at(left.leaseUntil().minus(Duration.ofMinutes(1))))
            .build();
    assertEquals(
        List.of(),
        early.sweep("fake", settings, io.nestlab.engine.SweepOptions.dryRunOnly()).expired(),
        "still leased: not swept yet");
    LabEngine later =
        LabEngine.builder(FileLabStore.at(tmp.resolve("elsewhere")))
            .clock(FakeClock.at(left.leaseUntil().plus(Duration.ofMinutes(1))))
            .pollInterval(Duration.ofMillis(20))
            .build();
    SweepReport report =
        later.sweep("fake", settings, io.nestlab.engine.SweepOptions.deleteExpired());

    assertFalse(report.deleted().isEmpty(), "the sweep deleted the lab's resources: " + report);
    assertEquals(report.expired().size(), report.deleted().size(), report.toString());
    try (FakeLabProvider view = FakeLabProvider.builder().directory(cloud).build()) {
      assertEquals(List.of(), view.listOwned(TagFilter.lab(labId)), "swept to nothing");
    }
  }

  private static String awaitRunning(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      if (out.ready()) {
        String line = out.readLine();
        if (line == null) {
          break;
        }
        seen.append(line).append('\n');
        if (line.startsWith("RUNNING ")) {
          return line.substring("RUNNING ".length()).trim();
        }
      } else if (!p.isAlive()) {
        break;
      } else {
        Thread.sleep(10);
      }
    }
    p.destroyForcibly();
    fail("the child never ran its test; output:\n" + seen);
    return null;
  }
}
