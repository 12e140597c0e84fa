package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.Blueprint;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kill -9 during {@code save} and during a creation from a blueprint, at every journal step (and
 * right after the cloud call whose result the journal does not know yet): {@code resume} or {@code
 * down} leaves no snapshot that no blueprint records, and no volume or host of the lab.
 */
class BlueprintKillIT {
  /** START/END events of a save: save, lab-shutdown, snapshot, snapshot-ready, lab-start. */
  static final int SAVE_EVENTS = 10;

  /** START/END events of a create: as KillAtEveryStepIT's. */
  static final int CREATE_EVENTS = KillAtEveryStepIT.STEP_EVENTS;

  @TempDir Path tmp;

  static IntStream saveKillPoints() {
    return IntStream.concat(IntStream.of(-1), IntStream.rangeClosed(1, SAVE_EVENTS - 1));
  }

  static IntStream restoreKillPoints() {
    return IntStream.concat(IntStream.of(-1), IntStream.rangeClosed(1, CREATE_EVENTS - 1));
  }

  private LabEngine engine() {
    return LabEngine.builder(FileLabStore.at(tmp.resolve("state")))
        .pollInterval(Duration.ofMillis(40))
        .owner("crash-test")
        .build();
  }

  private ProviderSettings cloud() {
    return ProviderSettings.of(BlueprintCrashChild.cloud(tmp.resolve("cloud").toString()));
  }

  private FakeLabProvider view() {
    return FakeLabProvider.builder().directory(tmp.resolve("cloud")).build();
  }

  private LabRecord sourceLab(LabEngine engine) {
    return engine.create(
        CreateRequest.of(TestLabs.small(), FakeCatalog.option("fake.nested.8x64", 30, 100), cloud())
            .withLabId("source"));
  }

  @ParameterizedTest(name = "save killed at step event {0}")
  @MethodSource("saveKillPoints")
  void aKilledSaveLeavesNoOrphanSnapshotAfterResumeOrDown(int killAt) throws Exception {
    LabEngine engine = engine();
    sourceLab(engine);
    String point = killChild("save", "source", killAt);

    if (Math.floorMod(killAt, 2) == 0) {
      engine.resume("source", cloud(), WaitLevel.READY);
      Blueprint b = engine.blueprint("base");
      try (FakeLabProvider v = view()) {
        List<OwnedResource> snaps = v.listOwned(BlueprintTags.filter("base"));
        assertEquals(List.of(b.snapshotId()), ids(snaps), point + ": one snapshot, recorded");
      }
      assertEquals(LabStatus.READY, engine.store().load("source").status(), point);
    }
    engine.destroy("source", ProviderSettings.empty());
    try (FakeLabProvider v = view()) {
      Set<String> recorded =
          engine.blueprintStore().list().stream()
              .map(Blueprint::snapshotId)
              .collect(Collectors.toSet());
      for (OwnedResource r : v.listOwned(TagFilter.anyLab())) {
        assertTrue(
            r.kind() == ResourceKind.SNAPSHOT && recorded.contains(r.id()),
            point + ": orphan " + r.describe());
      }
    }
    engine.blueprintStore().list().forEach(b -> engine.deleteBlueprint(b.name(), null, cloud()));
    try (FakeLabProvider v = view()) {
      assertEquals(List.of(), v.listOwned(TagFilter.anyLab()), point + ": resources leaked");
    }
  }

  @ParameterizedTest(name = "up --from killed at step event {0}")
  @MethodSource("restoreKillPoints")
  void aKilledRestoreLeavesNothingOfTheLabAfterResumeOrDown(int killAt) throws Exception {
    LabEngine engine = engine();
    sourceLab(engine);
    Blueprint base = engine.save("source", "base", SaveOptions.stop(), cloud());
    engine.destroy("source", ProviderSettings.empty());
    String point = killChild("restore", "copy", killAt);

    if (Math.floorMod(killAt, 2) == 0) {
      LabRecord resumed = engine.resume("copy", cloud(), WaitLevel.READY);
      assertEquals(LabStatus.READY, resumed.status(), point);
      try (FakeLabProvider v =
          FakeLabProvider.builder()
              .directory(tmp.resolve("cloud"))
              .transition(Duration.ofMillis(100))
              .bootPhase(Duration.ofMillis(40))
              .build()) {
        assertEquals(
            1,
            v.listOwned(TagFilter.lab("copy")).stream()
                .filter(r -> r.kind() == ResourceKind.INSTANCE)
                .count(),
            point + ": one host");
        String console = v.readConsole(resumed.host(), 0).text();
        assertTrue(console.contains("phase=restore"), point + ": still a restore: " + console);
      }
    }
    engine.destroy("copy", ProviderSettings.empty());
    try (FakeLabProvider v = view()) {
      assertEquals(List.of(), v.listOwned(TagFilter.lab("copy")), point + ": lab resources left");
      assertEquals(
          List.of(base.snapshotId()),
          ids(v.listOwned(TagFilter.anyLab())),
          point + ": only the blueprint is left");
    }
  }

  private static List<String> ids(List<OwnedResource> rs) {
    return rs.stream().map(OwnedResource::id).toList();
  }

  private String killChild(String mode, String lab, int killAt) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BlueprintCrashChild.class.getName());
    cmd.addAll(
        List.of(
            mode,
            tmp.resolve("state").toString(),
            tmp.resolve("cloud").toString(),
            lab,
            String.valueOf(killAt)));
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(tmp.resolve("child.err").toFile())
            .directory(new File(System.getProperty("user.dir")))
            .start();
    String point = awaitKillPoint(p);
    p.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "child did not die");
    return point;
  }

  private String awaitKillPoint(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    // readLine blocks until the child prints or dies; a child that never reaches its kill point
    // prints DONE and exits, which fails the test below.
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.append(line).append('\n');
      if (line.startsWith("KILLPOINT")) {
        return line;
      }
    }
    p.waitFor(20, TimeUnit.SECONDS);
    fail(
        "child never reached its kill point; output:\n"
            + seen
            + java.nio.file.Files.readString(tmp.resolve("child.err")));
    return null;
  }
}
