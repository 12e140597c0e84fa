package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabException;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeClock;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.plan.PlanOption;
import io.nestlab.spi.BlueprintTags;
import io.nestlab.spi.HostCommands;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.Blueprint;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving a lab as a blueprint and starting labs from it, on the fake cloud. */
class BlueprintEngineTest {
  static final PlanOption OPTION = FakeCatalog.option("fake.nested.16x128", 50, 400);
  static final ProviderSettings NONE = ProviderSettings.empty();

  @TempDir Path dir;
  final FakeClock clock = FakeClock.at(Instant.parse("2026-11-24T10:00:00Z"));
  final List<LabEvent> events = new ArrayList<>();
  final FakeLabProvider fake = FakeLabProvider.builder().clock(clock).build();

  LabEngine engine() {
    return LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
        .providers((id, s) -> fake)
        .clock(clock)
        .sleeper(clock::advance)
        .owner("tester")
        .listener(events::add)
        .build();
  }

  private String powerState(LabRecord rec) {
    try (HostCommands host = fake.hostCommands(rec.host()).orElseThrow()) {
      String out =
          host.run("/usr/local/sbin/nestlab-lab-power status", Duration.ofMinutes(1)).stdout();
      return out.contains("\"state\":\"stopped\"") ? "stopped" : "running";
    }
  }

  @Test
  void saveShutsTheNestedLabDownSnapshotsRecordsAndStartsItAgain() {
    LabEngine engine = engine();
    LabRecord lab = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));

    Blueprint bp = engine.save(lab.labId(), "base", SaveOptions.keepRunning(), NONE);

    assertEquals("base", bp.name());
    assertEquals(FakeCatalog.REGION, bp.region());
    assertEquals(400, bp.sizeGib());
    assertEquals("8.0U3", bp.esxiVersion());
    assertEquals(0, new java.math.BigDecimal("20.00").compareTo(bp.storageUsdPerMonth()));
    assertEquals(
        Instant.parse("2026-12-24T10:00:00Z").getEpochSecond() / 60,
        bp.expires().getEpochSecond() / 60);
    List<String> steps =
        events.stream()
            .filter(e -> e.labId().equals(lab.labId()) && e.kind() == LabEvent.Kind.END)
            .map(LabEvent::step)
            .toList();
    int shutdown = steps.indexOf("lab-shutdown");
    assertTrue(shutdown >= 0 && shutdown < steps.indexOf("snapshot"), steps.toString());
    assertTrue(steps.indexOf("snapshot-ready") < steps.indexOf("lab-start"), steps.toString());
    assertEquals(LabStatus.READY, engine.store().load(lab.labId()).status());
    assertEquals("running", powerState(engine.store().load(lab.labId())));

    OwnedResource snap =
        fake.listOwned(BlueprintTags.filter("base")).stream().findFirst().orElseThrow();
    assertEquals(ResourceKind.SNAPSHOT, snap.kind());
    assertEquals("bp-base", snap.tags().get(LabTags.LAB));
    assertEquals(lab.labId(), snap.tags().get(BlueprintTags.SOURCE_LAB));
    assertFalse(snap.tags().values().stream().anyMatch(v -> v.contains("password")));

    // The blueprint outlives its lab: down deletes the lab's resources, not the blueprint's.
    engine.destroy(lab.labId(), NONE);
    assertEquals(
        List.of(snap.id()),
        fake.listOwned(TagFilter.anyLab()).stream().map(OwnedResource::id).toList());
  }

  @Test
  void saveWithStopLeavesTheHostStopped() {
    LabEngine engine = engine();
    LabRecord lab = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    engine.save(lab.labId(), "base", SaveOptions.stop(), NONE);
    assertEquals(LabStatus.STOPPED, engine.store().load(lab.labId()).status());
  }

  @Test
  void twoLabsStartFromOneBlueprintEachWithItsOwnNameAndTagsAndSkipTheInstall() {
    LabEngine engine = engine();
    LabRecord source = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    engine.save(source.labId(), "base", SaveOptions.stop(), NONE);

    LabRecord a =
        engine.create(
            CreateRequest.of(TestLabs.small().toBuilder().name("student-a").build(), OPTION, NONE)
                .withBlueprint("base"));
    LabRecord b =
        engine.create(
            CreateRequest.of(TestLabs.small().toBuilder().name("student-b").build(), OPTION, NONE)
                .withBlueprint("base"));

    assertEquals(LabStatus.READY, a.status());
    assertEquals(LabStatus.READY, b.status());
    assertNotEquals(a.labId(), b.labId());
    for (LabRecord r : List.of(a, b)) {
      String console = fake.readConsole(r.host(), 0).text();
      assertTrue(console.contains("phase=restore"), console);
      assertFalse(console.contains("phase=esxi"), console);
      assertFalse(console.contains("phase=vcenter"), console);
      assertEquals(
          1,
          fake.listOwned(TagFilter.lab(r.labId())).stream()
              .filter(o -> o.kind() == ResourceKind.INSTANCE)
              .count());
    }
    String sourceConsole = fake.readConsole(source.host(), 0).text();
    assertTrue(sourceConsole.contains("phase=esxi"), "the source lab was installed");
  }

  @Test
  void aRestoredHostGetsTheSnapshotAsItsDataDiskAndRestoreUserDataAndAPlainOneNeither() {
    LabEngine engine = engine();
    LabRecord source = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    Blueprint bp = engine.save(source.labId(), "base", SaveOptions.keepRunning(), NONE);
    List<Boolean> restoreFlags = new ArrayList<>();
    List<String> dataDisks = new ArrayList<>();
    LabEngine watched =
        LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
            .providers(
                (id, s) ->
                    new ForwardingProvider(fake) {
                      @Override
                      public io.nestlab.spi.HostRef launchHost(io.nestlab.spi.HostRequest r) {
                        dataDisks.add(r.dataDiskSnapshot());
                        return super.launchHost(r);
                      }
                    })
            .userData(
                r -> {
                  restoreFlags.add(r.restore());
                  return UserDataRenderer.minimal().render(r);
                })
            .clock(clock)
            .sleeper(clock::advance)
            .build();
    LabRecord infra =
        watched.create(
            CreateRequest.of(TestLabs.small(), OPTION, NONE)
                .withBlueprint("base")
                .withWait(WaitLevel.NONE));
    // (BlueprintKillIT shows a resumed creation launching and rendering as the first run would.)
    engine.resume(infra.labId(), NONE, WaitLevel.READY);
    LabRecord plain =
        watched.create(CreateRequest.of(TestLabs.small(), OPTION, NONE).withWait(WaitLevel.NONE));

    assertEquals(java.util.Arrays.asList(bp.snapshotId(), null), dataDisks);
    assertEquals(List.of(true, false), restoreFlags);
    assertEquals(LabStatus.READY, engine.store().load(infra.labId()).status());
    assertTrue(
        fake.readConsole(engine.store().load(infra.labId()).host(), 0)
            .text()
            .contains("phase=restore"));
    assertNotEquals(infra.labId(), plain.labId());
  }

  @Test
  void aLabFileThatIsNotTheBlueprintsIsRefused() {
    LabEngine engine = engine();
    LabRecord source = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    engine.save(source.labId(), "base", SaveOptions.keepRunning(), NONE);
    NestLabException e =
        assertThrows(
            NestLabException.class,
            () ->
                engine.create(
                    CreateRequest.of(TestLabs.withTtl(Duration.ofHours(2)), OPTION, NONE)
                        .withBlueprint("base")));
    assertTrue(e.getMessage().contains("nestlab up --blueprint base"), e.getMessage());
  }

  @Test
  void aBlueprintInAnotherRegionIsRefusedWithTheFixOrCopied() {
    LabEngine engine = engine();
    LabRecord source = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    Blueprint bp = engine.save(source.labId(), "base", SaveOptions.keepRunning(), NONE);
    // As if saved in another region: the record says so.
    Blueprint elsewhere =
        new Blueprint(
            "west",
            bp.provider(),
            "fake-west-1",
            bp.snapshotId(),
            bp.sizeGib(),
            bp.storedGib(),
            bp.spec(),
            bp.specHash(),
            bp.esxiVersion(),
            bp.vcenterVersion(),
            bp.sourceLab(),
            bp.owner(),
            bp.created(),
            bp.expires(),
            bp.storageUsdPerMonth(),
            Map.of());
    engine.blueprintStore().save(elsewhere);

    NestLabException e =
        assertThrows(
            NestLabException.class,
            () ->
                engine.create(
                    CreateRequest.of(TestLabs.small(), OPTION, NONE).withBlueprint("west")));
    assertTrue(e.getMessage().contains("is in fake-west-1, not in fake-central-1"), e.getMessage());
    assertTrue(e.getMessage().contains("--copy"), e.getMessage());
    assertTrue(e.getMessage().contains("/month more storage"), e.getMessage());

    Blueprint copied = engine.copyBlueprint("west", FakeCatalog.REGION, NONE);
    String copy = copied.copies().get(FakeCatalog.REGION);
    assertNotEquals(bp.snapshotId(), copy);
    LabRecord lab =
        engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE).withBlueprint("west"));
    assertEquals(LabStatus.READY, lab.status());

    engine.deleteBlueprint("west", null, NONE);
    assertTrue(fake.listOwned(TagFilter.anyLab()).stream().noneMatch(r -> r.id().equals(copy)));
  }

  @Test
  void deleteRemovesTheSnapshotAndTheRecord() {
    LabEngine engine = engine();
    LabRecord source = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    engine.save(source.labId(), "base", SaveOptions.keepRunning(), NONE);
    List<OwnedResource> deleted = engine.deleteBlueprint("base", null, NONE);
    assertEquals(1, deleted.size());
    assertEquals(List.of(), fake.listOwned(BlueprintTags.filter("base")));
    assertTrue(engine.blueprints(null, NONE).isEmpty());
    assertThrows(LabStateException.class, () -> engine.blueprint("base"));
  }

  @Test
  void sweepDeletesAnExpiredBlueprintFromItsTagsAloneAndADryRunOnlyShowsIt() {
    LabEngine engine = engine();
    LabRecord source = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    engine.save(
        source.labId(), "base", SaveOptions.keepRunning().withKeepFor(Duration.ofDays(1)), NONE);
    engine.destroy(source.labId(), NONE);
    // Another machine, with no record of it: only tags.
    LabEngine stateless =
        LabEngine.builder(FileLabStore.at(dir.resolve("elsewhere")))
            .providers((id, s) -> fake)
            .clock(clock)
            .sleeper(clock::advance)
            .build();
    assertTrue(stateless.sweep("fake", NONE, SweepOptions.dryRunOnly()).expired().isEmpty());
    clock.advance(Duration.ofDays(2));
    SweepReport dry = stateless.sweep("fake", NONE, SweepOptions.dryRunOnly());
    assertEquals(1, dry.expired().size());
    assertEquals("base", dry.expired().get(0).tags().get(BlueprintTags.BLUEPRINT));
    assertEquals(
        1, fake.listOwned(BlueprintTags.filter("base")).size(), "a dry run deletes nothing");
    SweepReport real = engine.sweep("fake", NONE, SweepOptions.deleteExpired());
    assertEquals(1, real.deleted().size());
    assertEquals(List.of(), fake.listOwned(TagFilter.anyLab()));
    assertTrue(engine.blueprints(null, NONE).isEmpty(), "the record of a swept blueprint goes too");
  }

  @Test
  void aSaveWhoseSnapshotFailsLeavesNoSnapshotAndTheNestedLabRunning() {
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
            .providers(
                (id, s) ->
                    new ForwardingProvider(fake) {
                      @Override
                      public io.nestlab.spi.DiskSnapshot describeSnapshot(
                          String region, String id2) {
                        io.nestlab.spi.DiskSnapshot d = super.describeSnapshot(region, id2);
                        return new io.nestlab.spi.DiskSnapshot(
                            d.provider(),
                            d.region(),
                            d.id(),
                            io.nestlab.spi.DiskSnapshot.State.FAILED,
                            d.sizeGib(),
                            d.storedGib(),
                            d.created(),
                            d.tags());
                      }
                    })
            .clock(clock)
            .sleeper(clock::advance)
            .build();
    // Created on the plain fake (its hosts need no SSH), saved through the failing view.
    LabRecord lab = engine().create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    NestLabException e =
        assertThrows(
            NestLabException.class,
            () -> engine.save(lab.labId(), "base", SaveOptions.keepRunning(), NONE));
    assertTrue(e.getMessage().contains("could not complete snapshot"), e.getMessage());
    assertEquals(List.of(), fake.listOwned(BlueprintTags.filter("base")));
    assertEquals("running", powerState(engine.store().load(lab.labId())));
    assertTrue(engine.blueprints(null, NONE).isEmpty());
  }

  @Test
  void badNamesAndStoppedLabsAreRefusedWithTheFix() {
    LabEngine engine = engine();
    LabRecord lab = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    // Bad input, as a bad lab id is (docs/design/0185); not a state problem.
    io.nestlab.InvalidSpecException bad =
        assertThrows(
            io.nestlab.InvalidSpecException.class,
            () -> engine.save(lab.labId(), "Base!", SaveOptions.keepRunning(), NONE));
    assertTrue(bad.getMessage().contains("lowercase letters, digits and '-'"), bad.getMessage());
    engine.stop(lab.labId(), NONE);
    LabStateException stopped =
        assertThrows(
            LabStateException.class,
            () -> engine.save(lab.labId(), "base", SaveOptions.keepRunning(), NONE));
    assertTrue(stopped.getMessage().contains("nestlab start " + lab.labId()), stopped.getMessage());
  }
}
