package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLabException;
import io.nestlab.engine.internal.rehearse.Rehearsals;
import io.nestlab.fake.FakeClock;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.internal.io.Json;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MediaRef;
import io.nestlab.spec.UpgradeSpec;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsal's checkpoint verbs next to a run (design 0171), what a failed run saw (0172) and
 * the offline-bundle method (0170), against the fake cloud's simulated host program.
 */
class RehearsalGuardTest {
  static final ProviderSettings NONE = ProviderSettings.empty();

  @TempDir Path dir;
  final FakeClock clock = FakeClock.at(Instant.parse("2026-11-24T10:00:00Z"));

  LabEngine engine(FakeLabProvider fake, Sleeper sleeper) {
    return LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
        .providers((id, s) -> fake)
        .clock(clock)
        .sleeper(sleeper)
        .pollInterval(Duration.ofSeconds(30))
        .owner("tester")
        .build();
  }

  FakeLabProvider fake(String failStep) {
    return FakeLabProvider.builder()
        .clock(clock)
        .rehearsal(Duration.ofMinutes(1), failStep)
        .build();
  }

  LabEngine engine(String failStep) {
    return engine(fake(failStep), clock::advance);
  }

  LabRecord up(LabEngine engine, LabSpec spec) {
    return engine.create(CreateRequest.of(spec, RehearsalTest.OPTION, NONE));
  }

  @Test
  void aKilledRunRefusesCheckpointVerbsUntilResumedOrForced() throws Exception {
    LabEngine engine = engine("kill:vcenter");
    String id = up(engine, RehearsalTest.article()).labId();

    RehearsalReport r = engine.rehearse(id, RehearsalOptions.full(), NONE);

    assertTrue(r.interrupted(), r.json());
    assertEquals("failed", r.state());
    assertTrue(r.failure().orElseThrow().startsWith("vcenter: interrupted"), r.failure().get());
    assertTrue(Rehearsals.pending(engine.store().load(id)), "resume continues it");
    NestLabException rollback =
        assertThrows(NestLabException.class, () -> engine.rollback(id, null, NONE));
    String m = rollback.getMessage();
    assertTrue(m.contains("interrupted in step vcenter"), m);
    assertTrue(m.contains("'nestlab resume " + id + "'"), m);
    assertTrue(m.contains("'nestlab rollback " + id + " --force'"), m);
    assertThrows(NestLabException.class, () -> engine.checkpoint(id, "mine", NONE));
    assertThrows(NestLabException.class, () -> engine.deleteCheckpoint(id, "pre-upgrade", NONE));
    assertThrows(NestLabException.class, () -> engine.rehearse(id, RehearsalOptions.full(), NONE));

    RehearsalReport done = engine.continueRehearsal(id, NONE);

    assertEquals("succeeded", done.state());
    assertFalse(Rehearsals.pending(engine.store().load(id)));
    engine.rollback(id, null, NONE);
  }

  /**
   * As on a real host (0175, 0179), the installer a run killed in the vCenter step started goes on:
   * the host's status lists it, its checkpoint verbs are refused naming it, and {@code rollback
   * --force} stops it first, which the rehearsal's warnings then say.
   */
  @Test
  void rollbackForceStopsTheInstallerAKilledRunLeftRunning() throws Exception {
    FakeLabProvider fake = fake("kill:vcenter");
    LabEngine engine = engine(fake, clock::advance);
    String id = up(engine, RehearsalTest.article()).labId();
    assertTrue(engine.rehearse(id, RehearsalOptions.full(), NONE).interrupted());
    io.nestlab.spi.HostCommands host =
        fake.hostCommands(engine.store().load(id).host()).orElseThrow();
    JsonNode status =
        Json.mapper()
            .readTree(host.run("nestlab-rehearsal status", Duration.ofMinutes(1)).stdout());
    assertTrue(status.path("busy").asBoolean(), status.toString());
    assertTrue(status.toString().contains("vcsa-deploy upgrade"), status.toString());
    io.nestlab.spi.HostCommands.Result refused =
        host.run("nestlab-rehearsal checkpoint rollback pre-upgrade", Duration.ofMinutes(1));
    assertEquals(1, refused.exitStatus(), refused.stdout());
    assertTrue(
        refused.stdout().contains("programs it started still run")
            && refused.stdout().contains("pid 4242 (vcsa-deploy upgrade"),
        refused.stdout());

    engine.rollback(id, "pre-upgrade", true, NONE);

    String report = host.run("nestlab-rehearsal report", Duration.ofMinutes(1)).stdout();
    assertTrue(
        report.contains("a checkpoint verb with --force stopped pid 4242 (vcsa-deploy upgrade"),
        report);
    status =
        Json.mapper()
            .readTree(host.run("nestlab-rehearsal status", Duration.ofMinutes(1)).stdout());
    assertFalse(status.path("busy").asBoolean(), status.toString());
  }

  @Test
  void rollbackForceGivesUpAnInterruptedRun() {
    LabEngine engine = engine("kill:esx-02");
    String id = up(engine, RehearsalTest.article()).labId();
    assertTrue(engine.rehearse(id, RehearsalOptions.full(), NONE).interrupted());

    engine.rollback(id, "pre-upgrade", true, NONE);

    LabRecord after = engine.store().load(id);
    assertFalse(Rehearsals.pending(after), "given up");
    assertEquals(
        "abandoned", after.lastOf(LabStep.REHEARSAL.wire()).orElseThrow().data().get("state"));
    engine.checkpoint(id, "fresh", NONE); // no longer refused
  }

  @Test
  void aRunStillGoingAfterTheFollowerWentAwayRefusesThenIsSettled() {
    FakeLabProvider fake = fake(null);
    LabEngine gone =
        engine(
            fake,
            d -> {
              throw new IllegalStateException("Ctrl-C");
            });
    String id = up(engine(fake, clock::advance), RehearsalTest.article()).labId();
    assertThrows(
        IllegalStateException.class, () -> gone.rehearse(id, RehearsalOptions.full(), NONE));
    LabEngine engine = engine(fake, clock::advance);

    NestLabException running =
        assertThrows(NestLabException.class, () -> engine.checkpoint(id, "mine", NONE));

    assertTrue(
        running.getMessage().contains("a rehearsal is running on lab " + id), running.getMessage());
    assertTrue(running.getMessage().contains("'nestlab resume " + id + "'"));
    clock.advance(Duration.ofHours(4)); // the run ends on the host, unfollowed
    engine.checkpoint(id, "mine", NONE);
    assertEquals(
        "succeeded", Rehearsals.stored(engine.store().load(id)).orElseThrow().state(), "settled");
  }

  @Test
  void checkpointsAreDeletedButNotTheOneAPausedRunNeeds() {
    LabEngine engine = engine(null);
    String id = up(engine, RehearsalTest.article()).labId();
    engine.checkpoint(id, "scratch", NONE);
    assertEquals(
        "paused", engine.rehearse(id, new RehearsalOptions(false, "vcenter"), NONE).state());

    NestLabException needed =
        assertThrows(
            NestLabException.class, () -> engine.deleteCheckpoint(id, "pre-upgrade", NONE));

    String m = needed.getMessage();
    assertTrue(m.contains("checkpoint pre-upgrade is the one lab " + id + "'s paused"), m);
    assertTrue(m.contains("'nestlab resume " + id + "'"), m);
    engine.deleteCheckpoint(id, "scratch", NONE);
    assertEquals(
        List.of("pre-upgrade"),
        engine.checkpoints(id, NONE).stream().map(Checkpoint::name).toList());
    NestLabException missing =
        assertThrows(NestLabException.class, () -> engine.deleteCheckpoint(id, "scratch", NONE));
    assertTrue(
        missing.getMessage().contains("there is no checkpoint scratch (checkpoints: pre-upgrade)"),
        missing.getMessage());
    // a rollback gives the paused run up; then its checkpoint may go
    engine.rollback(id, null, NONE);
    assertFalse(Rehearsals.pending(engine.store().load(id)));
    engine.deleteCheckpoint(id, "pre-upgrade", NONE);
    assertEquals(List.of(), engine.checkpoints(id, NONE));
  }

  @Test
  void aFailedRunShowsWhatItSawAtTheFailureAsAfter() {
    LabEngine engine = engine("esx-02");
    String id = up(engine, RehearsalTest.article()).labId();

    String md = engine.rehearse(id, RehearsalOptions.full(), NONE).markdown();

    assertTrue(
        Pattern.compile(
                "\\| vCenter \\| 7\\.0U3[^|]*\\| 8\\.0U3 \\(build 24022515\\) at failure \\|")
            .matcher(md)
            .find(),
        md);
    assertTrue(
        Pattern.compile("\\| esx-01 \\| 7\\.0U3[^|]*\\| 8\\.0U3[^|]* at failure \\|")
            .matcher(md)
            .find(),
        md);
    assertTrue(
        Pattern.compile("\\| esx-02 \\| 7\\.0U3[^|]*\\| 7\\.0U3[^|]* at failure \\|")
            .matcher(md)
            .find(),
        md);
    assertTrue(md.contains("\"after\" is what it saw at the failure"), md);
  }

  @Test
  void anOfflineBundleUpgradesTheHostsWithEsxcli() throws Exception {
    LabSpec article = RehearsalTest.article();
    UpgradeSpec up = article.upgrade();
    MediaRef zip = new MediaRef("s3://my-nestlab-media/VMware-ESXi-8.0U3-24022510-depot.zip", null);
    LabSpec depot =
        article.toBuilder()
            .upgrade(
                new UpgradeSpec(
                    up.esxiVersion(),
                    up.vcenterVersion(),
                    null,
                    up.vcsaIso(),
                    up.applianceHost(),
                    zip))
            .build();
    LabEngine engine = engine(null);
    String id = up(engine, depot).labId();

    RehearsalReport r = engine.rehearse(id, RehearsalOptions.full(), NONE);

    assertEquals("succeeded", r.state(), r.json());
    JsonNode logs = Json.mapper().readTree(r.json()).path("logs");
    String tails = logs.toString();
    assertTrue(tails.contains("\"esxcli-esx-01\""), tails);
    assertTrue(
        tails.contains(
            "esxcli software profile update -d"
                + " /var/lib/nestlab/data/media/upgrade/esxi-8.0U3-depot.zip"),
        tails);
    assertFalse(tails.contains("upgrade kickstart"), tails);
  }
}
