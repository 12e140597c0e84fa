package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing is lost when the controlling JVM dies: a child JVM creating a lab against the
 * directory-backed fake is killed with SIGKILL at every journaled step (and right after the cloud
 * launched the host, before the journal knows), then this JVM resumes or destroys the lab, and
 * listing the cloud by tag finds nothing left. Also: two processes racing on one lab.
 */
class KillAtEveryStepIT {
  /**
   * Begin/end events of a create on the fake (today 14: create, keys, preflight, network, host,
   * running, bootstrap), counted by a create in this JVM, so a new create step needs no edit here.
   */
  static final int STEP_EVENTS = CrashChild.stepEvents();

  @TempDir Path tmp;

  static IntStream killPoints() {
    return IntStream.concat(IntStream.of(-1), IntStream.rangeClosed(1, STEP_EVENTS - 1));
  }

  @ParameterizedTest(name = "killed at step event {0}")
  @MethodSource("killPoints")
  void aKilledCreateLeavesNothingAfterResumeOrDestroy(int killAt) throws Exception {
    Path state = tmp.resolve("state");
    Path cloud = tmp.resolve("cloud");
    String lab = "kill-" + (killAt < 0 ? "launch" : String.valueOf(killAt));
    Process child =
        child("create", state.toString(), cloud.toString(), lab, String.valueOf(killAt));
    String point = awaitLine(child, "KILLPOINT", Duration.ofSeconds(60));
    child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
    assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child did not die");

    Map<String, String> settings =
        Map.of("dir", cloud.toString(), "transition-ms", "100", "boot-phase-ms", "40");
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(state)).pollInterval(Duration.ofMillis(40)).build();
    ProviderSettings none = ProviderSettings.empty();
    LabRecord before = engine.store().load(lab);
    assertEquals(LabStatus.CREATING, before.status(), point);
    if (Math.floorMod(killAt, 2) == 0) {
      LabRecord resumed = engine.resume(lab, ProviderSettings.of(settings), WaitLevel.READY);
      assertEquals(LabStatus.READY, resumed.status(), point + ": resume did not finish");
      try (FakeLabProvider view = FakeLabProvider.builder().directory(cloud).build()) {
        long instances =
            view.listOwned(TagFilter.lab(lab)).stream()
                .filter(r -> r.kind() == io.nestlab.spi.ResourceKind.INSTANCE)
                .count();
        assertEquals(1, instances, point + ": resume must not launch a second host");
      }
    }
    LabRecord destroyed = engine.destroy(lab, none);
    assertEquals(LabStatus.DESTROYED, destroyed.status());
    try (FakeLabProvider view = FakeLabProvider.builder().directory(cloud).build()) {
      assertEquals(List.of(), view.listOwned(TagFilter.anyLab()), point + ": resources leaked");
    }
  }

  @Test
  void theKillPointsAreCountedFromARealCreate() {
    // create, keys, preflight, network, host, running and bootstrap each begin and end on the fake
    assertTrue(
        STEP_EVENTS >= 14, "a create journals at least 14 step events, counted " + STEP_EVENTS);
  }

  @Test
  void twoProcessesRacingOnOneLabOneWinsTheOtherIsToldWhy() throws Exception {
    Path state = tmp.resolve("state");
    Path cloud = tmp.resolve("cloud");
    Process creator = child("create", state.toString(), cloud.toString(), "race-lab", "999");
    awaitLine(creator, "DONE", Duration.ofSeconds(60));
    assertTrue(creator.waitFor(20, TimeUnit.SECONDS));
    Path go = tmp.resolve("go");
    Process a = child("stop", state.toString(), cloud.toString(), "race-lab", go.toString());
    Process b = child("stop", state.toString(), cloud.toString(), "race-lab", go.toString());
    awaitLine(a, "READY", Duration.ofSeconds(60)); // both wait at the barrier: no head start
    awaitLine(b, "READY", Duration.ofSeconds(60));
    Files.writeString(go, "go");
    assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
    List<Integer> codes = new ArrayList<>(List.of(a.exitValue(), b.exitValue()));
    codes.sort(null);
    assertEquals(List.of(0, 4), codes, "exactly one must win");
    Process loser = a.exitValue() == 4 ? a : b;
    String err = Files.readString(errors.get(loser));
    assertTrue(err.contains("is being driven by another process"), err);
    assertEquals(LabStatus.STOPPED, FileLabStore.at(state).load("race-lab").status());
  }

  private final Map<Process, Path> errors = new java.util.HashMap<>();

  private Process child(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xshare:auto");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CrashChild.class.getName());
    cmd.addAll(List.of(args));
    Path err = tmp.resolve("child-" + System.nanoTime() + ".err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(err.toFile())
            .directory(new File(System.getProperty("user.dir")))
            .start();
    errors.put(p, err);
    return p;
  }

  private static String awaitLine(Process p, String prefix, Duration timeout) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + timeout.toNanos();
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      if (out.ready()) {
        String line = out.readLine();
        if (line == null) {
          break;
        }
        seen.append(line).append('\n');
        if (line.startsWith(prefix)) {
          return line;
        }
      } else if (!p.isAlive() && !out.ready()) {
        break;
      } else {
        Thread.sleep(10);
      }
    }
    p.destroyForcibly();
    fail("child never printed " + prefix + "; output:\n" + seen);
    return null;
  }
}
