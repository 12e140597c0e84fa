package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabException;
import io.nestlab.PartialFailureException;
import io.nestlab.cost.CostReport;
import io.nestlab.cost.MeterState;
import io.nestlab.cost.Money;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeClock;
import io.nestlab.fake.FakeFaults;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.BudgetAction;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MediaRef;
import io.nestlab.spec.MediaSpec;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabLockedException;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabEngineTest {
  static final PlanOption OPTION = FakeCatalog.option("fake.nested.16x128", 50, 400);
  static final ProviderSettings NONE = ProviderSettings.empty();

  @TempDir Path dir;
  final FakeClock clock = FakeClock.at(Instant.parse("2026-11-24T10:00:00Z"));
  final List<LabEvent> events = new ArrayList<>();

  FakeLabProvider fake(FakeFaults faults) {
    return FakeLabProvider.builder().clock(clock).faults(faults).build();
  }

  LabEngine engine(FakeLabProvider fake) {
    return engine(fake, FileLabStore.at(dir.resolve("labs")));
  }

  LabEngine engine(FakeLabProvider fake, LabStore store) {
    return LabEngine.builder(store)
        .providers((id, s) -> fake)
        .clock(clock)
        .sleeper(clock::advance)
        .owner("tester")
        .listener(events::add)
        .build();
  }

  @Test
  void theHostGetsMediaUrlsItsProviderSignedAndTheLabRecordKeepsTheOriginals() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabProvider signing =
        new ForwardingProvider(fake) {
          @Override
          public java.net.URI mediaUrl(java.net.URI media, Duration validFor) {
            return media.getScheme().equals("s3")
                ? java.net.URI.create(
                    "https://bucket.example" + media.getPath() + "?sig=1&ttl=" + validFor)
                : media;
          }
        };
    List<LabSpec> rendered = new ArrayList<>();
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
            .providers((id, s) -> signing)
            .clock(clock)
            .sleeper(clock::advance)
            .userData(
                r -> {
                  rendered.add(r.spec());
                  return UserDataRenderer.minimal().render(r);
                })
            .build();
    LabSpec spec =
        TestLabs.small().toBuilder()
            .media(
                new MediaSpec(
                    new MediaRef("s3://bucket/esxi.iso", null),
                    new MediaRef("https://example.com/vcsa.iso", null)))
            .build();

    LabRecord lab = engine.create(CreateRequest.of(spec, OPTION, NONE).withWait(WaitLevel.NONE));

    LabSpec sent = rendered.get(rendered.size() - 1);
    assertEquals("https://bucket.example/esxi.iso?sig=1&ttl=PT6H", sent.media().esxiIso().url());
    assertEquals("https://example.com/vcsa.iso", sent.media().vcsaIso().url());
    assertEquals("s3://bucket/esxi.iso", lab.spec().media().esxiIso().url(), "no signature kept");
  }

  @Test
  void createsALabStepByStepAndDestroysItToNothing() throws Exception {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    LabRecord lab = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));

    assertEquals(LabStatus.READY, lab.status());
    assertEquals(HostState.RUNNING, fake.describeHost(lab.host()).state());
    assertEquals("ready done", lab.lastPhase());
    for (String step :
        List.of(
            LabStep.KEYS.wire(),
            LabStep.PREFLIGHT.wire(),
            LabStep.NETWORK.wire(),
            LabStep.HOST.wire(),
            LabStep.RUNNING.wire(),
            LabStep.BOOTSTRAP.wire(),
            LabStep.CREATE.wire())) {
      assertTrue(lab.ended(step), step + " has no END in the journal: " + lab.journal());
      assertEquals(
          JournalEntry.Phase.BEGIN,
          lab.journal().stream().filter(e -> e.step().equals(step)).findFirst().get().phase());
    }
    // Every resource carries all five tags.
    List<OwnedResource> owned = fake.listOwned(TagFilter.lab(lab.labId()));
    assertFalse(owned.isEmpty());
    for (OwnedResource r : owned) {
      for (String tag :
          List.of(
              LabTags.LAB, LabTags.OWNER, LabTags.CREATED, LabTags.LEASE_UNTIL, LabTags.VERSION)) {
        assertTrue(r.tags().containsKey(tag), r.describe() + " lacks " + tag);
      }
      assertEquals("tester", r.tags().get(LabTags.OWNER));
    }

    LabRecord gone = engine.destroy(lab.labId(), NONE);
    assertEquals(LabStatus.DESTROYED, gone.status());
    assertEquals(List.of(), fake.listOwned(TagFilter.lab(lab.labId())));
    assertEquals(MeterState.GONE, gone.transitions().get(gone.transitions().size() - 1).state());
    // Destroy is idempotent.
    assertEquals(LabStatus.DESTROYED, engine.destroy(lab.labId(), NONE).status());
  }

  @Test
  void eventsArePairedAndAThrowingListenerBreaksNothing() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    engine.addListener(
        e -> {
          throw new IllegalStateException("listener bug");
        });
    LabRecord lab = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    assertEquals(LabStatus.READY, lab.status());
    Map<String, Integer> open = new HashMap<>();
    for (LabEvent e : events) {
      switch (e.kind()) {
        case START -> open.merge(e.step(), 1, Integer::sum);
        case END, FAILURE -> {
          assertTrue(open.getOrDefault(e.step(), 0) > 0, "END without START: " + e);
          open.merge(e.step(), -1, Integer::sum);
        }
        case INFO -> {
          // unpaired by design
        }
      }
    }
    open.values().forEach(v -> assertEquals(0, v, "unpaired events: " + open));
    assertTrue(
        events.stream()
            .anyMatch(e -> e.kind() == LabEvent.Kind.INFO && e.detail().contains("esx-02")),
        "bootstrap progress of each ESXi host is reported");
  }

  @Test
  void stateFilesArePrivateAndSecretsStayOutOfTheRecord() throws Exception {
    LabEngine engine = engine(fake(FakeFaults.none()));
    LabRecord lab =
        engine.create(
            CreateRequest.of(
                TestLabs.small(),
                OPTION,
                ProviderSettings.of(Map.of("api-token", "s3cr3t-value"))));
    Path labDir = dir.resolve("labs").resolve(lab.labId());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(labDir)));
    for (String f : List.of("lab.json", "secrets.json")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(labDir.resolve(f))),
          f);
    }
    String record = Files.readString(labDir.resolve("lab.json"));
    assertFalse(record.contains("s3cr3t-value"), "a secret setting leaked into lab.json");
    assertFalse(record.contains("PRIVATE KEY"), "the private key leaked into lab.json");
    assertTrue(record.contains("ssh-ed25519 "), "the public key is recorded");
    assertTrue(record.contains("\"formatVersion\" : 1"));
    String secrets = Files.readString(labDir.resolve("secrets.json"));
    assertTrue(secrets.contains("PRIVATE KEY"));
    assertFalse(secrets.contains("s3cr3t-value"), "a secret provider setting was written to disk");
    assertFalse(engine.store().secrets(lab.labId()).toString().contains("s3cr3t"));
  }

  @Test
  void stopAndStartAreMeteredWithDisksBilledWhileStopped() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    LabRecord lab = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    clock.advance(Duration.ofHours(1));
    LabRecord stopped = engine.stop(lab.labId(), NONE);
    assertEquals(LabStatus.STOPPED, stopped.status());
    assertEquals(HostState.STOPPED, fake.describeHost(lab.host()).state());
    CostReport atStop = engine.cost(stopped);
    clock.advance(Duration.ofHours(2));
    CostReport later = engine.cost(engine.store().load(lab.labId()));
    Money diskHourly = OPTION.breakdown().get(1).hourly();
    assertEquals(
        atStop.accrued().plus(diskHourly.times(2)).rounded(6),
        later.accrued().rounded(6),
        "a stopped lab costs exactly its disks");
    assertEquals(atStop.instance(), later.instance());
    LabRecord started = engine.start(lab.labId(), NONE);
    assertEquals(LabStatus.READY, started.status());
    assertEquals(
        List.of(MeterState.RUNNING, MeterState.STOPPED, MeterState.RUNNING),
        started.transitions().stream().map(t -> t.state()).toList());
  }

  @Test
  void aFailedBootstrapIsCleanedUpAndTheErrorNamesWhatWasCreated() {
    FakeLabProvider fake = fake(FakeFaults.none().withFailBootPhase("esxi"));
    LabEngine engine = engine(fake);
    PartialFailureException e =
        assertThrows(
            PartialFailureException.class,
            () -> engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE)));
    assertTrue(e.getMessage().contains("failed at step bootstrap"), e.getMessage());
    assertTrue(e.getMessage().contains("esxi (esx-01) failed"), e.getMessage());
    assertTrue(
        e.created().stream().anyMatch(c -> c.startsWith("instance fake-i-")),
        e.created().toString());
    assertEquals(List.of(), fake.listOwned(TagFilter.anyLab()), "cleanup left resources");
  }

  @Test
  void capacityErrorsAreRetriedUntilTheLaunchSucceeds() {
    FakeLabProvider fake = fake(FakeFaults.none().withCapacityErrors(3));
    LabRecord lab = engine(fake).create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    assertEquals(LabStatus.READY, lab.status());
    assertEquals(
        1,
        fake.listOwned(TagFilter.lab(lab.labId())).stream()
            .filter(r -> r.kind() == ResourceKind.INSTANCE)
            .count());
  }

  @Test
  void persistentCapacityShortageFailsCleanlyWithNothingLeaked() {
    FakeLabProvider fake = fake(FakeFaults.none().withCapacityErrors(1000));
    PartialFailureException e =
        assertThrows(
            PartialFailureException.class,
            () -> engine(fake).create(CreateRequest.of(TestLabs.small(), OPTION, NONE)));
    assertTrue(e.getMessage().contains("InsufficientInstanceCapacity"), e.getMessage());
    assertEquals(List.of(), fake.listOwned(TagFilter.anyLab()));
  }

  @Test
  void aQuotaShortageStopsAtPreflightAndCreatesNothing() {
    FakeLabProvider fake = fake(FakeFaults.none().withQuotaError(true));
    PartialFailureException e =
        assertThrows(
            PartialFailureException.class,
            () -> engine(fake).create(CreateRequest.of(TestLabs.small(), OPTION, NONE)));
    assertTrue(e.getMessage().contains("quota"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was created"), e.getMessage());
    assertEquals(List.of(), fake.listOwned(TagFilter.anyLab()));
  }

  @Test
  void thirtyPercentThrottlingEitherFinishesOrFailsWithNothingLeaked() {
    int finished = 0;
    for (long seed = 1; seed <= 6; seed++) {
      Path cloud = dir.resolve("cloud-" + seed);
      FakeLabProvider fake =
          FakeLabProvider.builder()
              .clock(clock)
              .directory(cloud)
              .faults(FakeFaults.none().withThrottle(0.3, seed))
              .build();
      // An unthrottled view of the same cloud, to check what is left.
      FakeLabProvider observer = FakeLabProvider.builder().clock(clock).directory(cloud).build();
      LabEngine engine = engine(fake);
      try {
        LabRecord lab = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
        assertEquals(LabStatus.READY, lab.status());
        finished++;
        engine.destroy(lab.labId(), NONE);
      } catch (PartialFailureException e) {
        // allowed: but cleanly
      }
      assertEquals(List.of(), observer.listOwned(TagFilter.anyLab()), "seed " + seed + " leaked");
    }
    assertTrue(finished >= 5, "retries should carry most runs through 30% throttling: " + finished);
  }

  @Test
  void aSecondDriverOfTheSameLabGetsAClearError() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    LabRecord lab = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    try (LabStore.LabLock held = engine.store().lock(lab.labId())) {
      LabLockedException e =
          assertThrows(LabLockedException.class, () -> engine.destroy(held.labId(), NONE));
      assertTrue(e.getMessage().contains("being driven by another process"), e.getMessage());
    }
    assertEquals(LabStatus.DESTROYED, engine.destroy(lab.labId(), NONE).status());
  }

  @Test
  void theBudgetGuardStopsTheLabBeforeTheBudgetIsCrossed() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    // 0.84 + disks + IP per hour ~ $0.87/h; a $1.00 budget is crossed after ~69 minutes.
    LabRecord lab =
        engine.create(
            CreateRequest.of(TestLabs.withBudget("1.00", BudgetAction.STOP), OPTION, NONE));
    Money budget = Money.usd("1.00");
    LabView v = null;
    for (int minute = 0; minute < 120; minute++) {
      clock.advance(Duration.ofMinutes(1));
      v = engine.enforceGuards(lab.labId(), NONE);
      assertTrue(v.cost().accrued().compareTo(budget) < 0, "budget crossed at minute " + minute);
      if (v.action() != null) {
        break;
      }
    }
    assertNotNull(v.action(), "the guard never acted");
    assertTrue(v.action().startsWith("stopped"), v.action());
    assertEquals(LabStatus.STOPPED, v.record().status());
    assertEquals(HostState.STOPPED, fake.describeHost(lab.host()).state());
  }

  @Test
  void aDestroyingBudgetEndsTheLeaseSoTheHostPowersOffBeforeTheBudgetIsCrossed() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);

    LabRecord lab =
        engine.create(
            CreateRequest.of(TestLabs.withBudget("1.00", BudgetAction.DESTROY), OPTION, NONE));

    // $1.00 at the planned rate, less the guard's 10 minutes of lookahead; well before the TTL.
    long seconds =
        new java.math.BigDecimal("3600")
            .divide(OPTION.hourly().usd(), 0, java.math.RoundingMode.FLOOR)
            .longValueExact();
    Instant expected = lab.created().plusSeconds(seconds).minus(Duration.ofMinutes(10));
    assertEquals(expected, lab.leaseUntil());
    assertTrue(lab.leaseUntil().isBefore(lab.created().plus(Duration.ofHours(8))));
    assertEquals(
        LabTags.formatTime(expected),
        fake.listOwned(TagFilter.lab(lab.labId())).stream()
            .filter(r -> r.kind() == ResourceKind.INSTANCE)
            .findFirst()
            .orElseThrow()
            .tags()
            .get(LabTags.LEASE_UNTIL),
        "the host's watchdog reads the same lease");
  }

  @Test
  void
      settingsTheProviderRefusesLeaveNoLabBehindAndALabThatNeverReachedTheCloudIsDestroyedOffline() {
    LabStore store = FileLabStore.at(dir.resolve("labs"));
    LabEngine refusing =
        LabEngine.builder(store)
            .providers(
                (id, s) -> {
                  throw new io.nestlab.InvalidSpecException(
                      "fake provider settings",
                      List.of(io.nestlab.Problem.of("colour", "unknown setting")));
                })
            .clock(clock)
            .build();

    assertThrows(
        io.nestlab.InvalidSpecException.class,
        () -> refusing.create(CreateRequest.of(TestLabs.small(), OPTION, NONE)));
    assertEquals(List.of(), store.labIds(), "no state for a refused lab");

    // A lab left 'creating' before any cloud step (an older version, or a crash) is deleted
    // without asking the provider, whose settings may be what is wrong.
    LabRecord stuck =
        LabRecord.builder("stuck-1", "fake")
            .name("stuck")
            .created(clock.instant())
            .leaseUntil(clock.instant().plus(Duration.ofHours(1)))
            .status(LabStatus.CREATING)
            .plan(OPTION)
            .spec(TestLabs.small())
            .journal(
                clock.instant(), LabStep.CREATE.wire(), JournalEntry.Phase.BEGIN, Map.of(), null)
            .build();
    store.save(stuck);
    LabRecord gone = refusing.destroy("stuck-1", NONE);
    assertEquals(LabStatus.DESTROYED, gone.status());
  }

  @Test
  void aSignedUrlTheRendererRefusesNeverReachesAMessageOrTheState() throws Exception {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabProvider signing =
        new ForwardingProvider(fake) {
          @Override
          public java.net.URI mediaUrl(java.net.URI media, Duration validFor) {
            return java.net.URI.create("http://bucket.example/esxi.iso?X-Amz-Signature=SECRET");
          }
        };
    Path labs = dir.resolve("signed");
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(labs))
            .providers((id, s) -> signing)
            .clock(clock)
            .sleeper(clock::advance)
            .userData(UserDataRenderer.bootstrap())
            .build();
    LabSpec spec =
        TestLabs.small().toBuilder()
            .media(new MediaSpec(new MediaRef("s3://bucket/esxi.iso", null), null))
            .build();

    RuntimeException e =
        assertThrows(
            RuntimeException.class, () -> engine.create(CreateRequest.of(spec, OPTION, NONE)));

    assertTrue(e.getMessage().contains("give the media as https:// URLs"), e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains("SECRET"), t.toString());
    }
    try (var files = Files.walk(labs)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertFalse(Files.readString(f).contains("SECRET"), f + " holds the signature");
      }
    }
  }

  @Test
  void mediaInAnotherCloudsStorageIsAPreflightWarning() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabProvider awsLike =
        new ForwardingProvider(fake) {
          @Override
          public String id() {
            return "aws";
          }
        };
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
            .providers((id, s) -> awsLike)
            .clock(clock)
            .sleeper(clock::advance)
            .listener(events::add)
            .build();
    LabSpec spec =
        TestLabs.small().toBuilder()
            .media(new MediaSpec(new MediaRef("gs://bucket/esxi.iso", null), null))
            .build();

    engine.create(CreateRequest.of(spec, OPTION, NONE).withWait(WaitLevel.NONE));

    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.step().equals(LabStep.PREFLIGHT.wire())
                        && e.detail() != null
                        && e.detail().contains("gs://bucket/esxi.iso is in gcp storage")),
        events.toString());
  }

  @Test
  void preflightWarningsReachTheUser() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabProvider warning =
        new ForwardingProvider(fake) {
          @Override
          public io.nestlab.spi.PreflightReport preflight(io.nestlab.spi.HostRequest r) {
            List<io.nestlab.spi.PreflightReport.Check> checks =
                new ArrayList<>(fake.preflight(r).checks());
            checks.add(
                new io.nestlab.spi.PreflightReport.Check(
                    "vCPU quota",
                    io.nestlab.spi.PreflightReport.Status.WARN,
                    "could not be read (AccessDenied)"));
            return new io.nestlab.spi.PreflightReport("fake", checks);
          }
        };
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
            .providers((id, s) -> warning)
            .clock(clock)
            .sleeper(clock::advance)
            .listener(events::add)
            .build();

    engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE).withWait(WaitLevel.NONE));

    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.step().equals(LabStep.PREFLIGHT.wire())
                        && e.detail() != null
                        && e.detail().contains("warning: vCPU quota: could not be read")),
        events.toString());
  }

  @Test
  void aStoppingBudgetKeepsTheTtlLeaseAndABudgetTooSmallForAnyLabIsRefusedUpFront() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);

    LabRecord stopping =
        engine.create(
            CreateRequest.of(TestLabs.withBudget("1.00", BudgetAction.STOP), OPTION, NONE));
    assertEquals(stopping.created().plus(Duration.ofHours(8)), stopping.leaseUntil());

    io.nestlab.InvalidSpecException e =
        assertThrows(
            io.nestlab.InvalidSpecException.class,
            () ->
                engine.create(
                    CreateRequest.of(
                        TestLabs.withBudget("0.20", BudgetAction.DESTROY), OPTION, NONE)));
    assertTrue(e.getMessage().contains("policy.budgetUsd"), e.getMessage());
    assertTrue(e.getMessage().contains("raise the budget"), e.getMessage());
    assertEquals(1, engine.store().labIds().size(), "nothing was recorded for the refused lab");
  }

  @Test
  void aWatchingJvmAppliesTheBudgetActionWithoutAnyCommand() throws Exception {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    LabRecord lab =
        engine.create(
            CreateRequest.of(TestLabs.withBudget("1.00", BudgetAction.DESTROY), OPTION, NONE));
    clock.advance(Duration.ofMinutes(60)); // ~$0.87 spent; the next 10 min would cross $1.00
    try (AutoCloseable watcher = engine.watch(lab.labId(), Duration.ofMillis(20))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline
          && engine.store().load(lab.labId()).status() != LabStatus.DESTROYED) {
        Thread.sleep(20);
      }
    }
    assertEquals(LabStatus.DESTROYED, engine.store().load(lab.labId()).status());
    assertTrue(
        engine.cost(engine.store().load(lab.labId())).accrued().compareTo(Money.usd("1.00")) < 0);
    assertTrue(
        events.stream()
            .anyMatch(e -> e.step().equals("guard") && e.detail().startsWith("destroyed")),
        "the guard's action is reported");
    assertEquals(List.of(), fake.listOwned(TagFilter.anyLab()));
  }

  @Test
  void theTtlGuardDestroysTheLabAtTheEndOfItsLease() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    LabRecord lab =
        engine.create(CreateRequest.of(TestLabs.withTtl(Duration.ofHours(1)), OPTION, NONE));
    clock.advance(Duration.ofMinutes(40));
    assertEquals(
        io.nestlab.cost.GuardDecision.Verdict.WARN,
        engine.enforceGuards(lab.labId(), NONE).ttl().verdict());
    clock.advance(Duration.ofMinutes(21));
    LabView v = engine.enforceGuards(lab.labId(), NONE);
    assertTrue(
        v.action() != null && v.action().startsWith("destroyed"), String.valueOf(v.action()));
    assertEquals(List.of(), fake.listOwned(TagFilter.anyLab()));
  }

  @Test
  void sweepFindsExpiredResourcesFromTagsAloneAndDeletesThem() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    LabRecord lab =
        engine.create(CreateRequest.of(TestLabs.withTtl(Duration.ofHours(1)), OPTION, NONE));
    LabRecord other = engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE));
    // A different engine with an empty state store: only tags are left to go by.
    LabEngine stateless = engine(fake, FileLabStore.at(dir.resolve("empty")));
    assertTrue(stateless.sweep("fake", NONE, SweepOptions.dryRunOnly()).expired().isEmpty());
    clock.advance(Duration.ofMinutes(61));
    SweepReport dry = stateless.sweep("fake", NONE, SweepOptions.dryRunOnly());
    assertFalse(dry.expired().isEmpty());
    assertTrue(dry.expired().stream().allMatch(r -> r.tags().get(LabTags.LAB).equals(lab.labId())));
    assertFalse(fake.listOwned(TagFilter.lab(lab.labId())).isEmpty(), "a dry run deletes nothing");
    SweepReport real = stateless.sweep("fake", NONE, SweepOptions.deleteExpired());
    assertEquals(dry.expired().size(), real.deleted().size());
    assertEquals(List.of(), fake.listOwned(TagFilter.lab(lab.labId())));
    assertFalse(fake.listOwned(TagFilter.lab(other.labId())).isEmpty(), "sweep took a leased lab");
  }

  @Test
  void aRenewedLeaseKeepsTheLabFromTheSweep() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    LabRecord lab =
        engine.create(CreateRequest.of(TestLabs.withTtl(Duration.ofHours(1)), OPTION, NONE));
    engine.renewLease(lab.labId(), clock.instant().plus(Duration.ofHours(3)), NONE);
    clock.advance(Duration.ofHours(2));
    assertTrue(engine.sweep("fake", NONE, SweepOptions.dryRunOnly()).expired().isEmpty());
  }

  @Test
  void aHeartbeatLeaseIsShortAndKeptAliveByThisJvm() throws Exception {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    LabRecord lab =
        engine.create(
            CreateRequest.of(TestLabs.small(), OPTION, NONE).withHeartbeat(Duration.ofMinutes(10)));
    assertEquals(lab.created().plus(Duration.ofMinutes(10)), lab.leaseUntil());
    clock.advance(Duration.ofMinutes(5));
    String want = LabTags.formatTime(clock.instant().plus(Duration.ofMinutes(10)));
    try (AutoCloseable keeper =
        engine.keepLease(lab.labId(), Duration.ofMinutes(10), Duration.ofMillis(20))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline
          && !fake.listOwned(TagFilter.lab(lab.labId())).stream()
              .allMatch(r -> want.equals(r.tags().get(LabTags.LEASE_UNTIL)))) {
        Thread.sleep(20);
      }
    }
    assertTrue(
        fake.listOwned(TagFilter.lab(lab.labId())).stream()
            .allMatch(r -> want.equals(r.tags().get(LabTags.LEASE_UNTIL))),
        "the keeper did not renew every resource's lease");
  }

  @Test
  void unknownLabsAreNamedWithTheKnownOnes() {
    LabEngine engine = engine(fake(FakeFaults.none()));
    NestLabException e =
        assertThrows(NestLabException.class, () -> engine.destroy("nope-123", NONE));
    assertTrue(e.getMessage().contains("no lab 'nope-123'"), e.getMessage());
  }

  @Test
  void inspectingACreatingLabNeverEndsItsCreationResumeDoes() {
    FakeLabProvider fake = fake(FakeFaults.none());
    LabEngine engine = engine(fake);
    LabRecord launched =
        engine.create(CreateRequest.of(TestLabs.small(), OPTION, NONE).withWait(WaitLevel.NONE));
    clock.advance(Duration.ofMinutes(5)); // the fake host has booted and reported ready
    events.clear();

    LabView v = engine.inspect(launched.labId(), NONE);

    assertEquals(LabStatus.CREATING, v.record().status());
    assertEquals("ready done", v.record().lastPhase());
    assertTrue(
        v.record().lastOf(LabStep.CREATE.wire()).orElseThrow().phase() == JournalEntry.Phase.BEGIN,
        "the creation is not ended by a look at it");
    assertFalse(v.record().ended(LabStep.BOOTSTRAP.wire()));
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.step().equals(LabStep.BOOTSTRAP.wire())
                        && e.detail().contains("'nestlab resume " + launched.labId() + "'")),
        events.toString());

    LabRecord ready = engine.resume(launched.labId(), NONE, WaitLevel.READY);

    assertEquals(LabStatus.READY, ready.status());
    assertTrue(ready.ended(LabStep.CREATE.wire()));
  }

  @Test
  void theBuildersDefaultRendererSendsTheFullBootstrapToARealCloud() throws Exception {
    List<byte[]> sent = new ArrayList<>();
    LabProvider aws =
        new ForwardingProvider(fake(FakeFaults.none())) {
          @Override
          public String id() {
            return "aws";
          }

          @Override
          public io.nestlab.spi.PreflightReport preflight(io.nestlab.spi.HostRequest request) {
            sent.add(request.userData());
            throw new NestLabException("stop after seeing the user data");
          }
        };
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
            .providers((id, s) -> aws)
            .clock(clock)
            .sleeper(clock::advance)
            .build(); // no userData(...): the default
    LabSpec spec =
        TestLabs.small().toBuilder()
            .media(
                new MediaSpec(
                    new MediaRef("https://example.com/esxi.iso", null),
                    new MediaRef("https://example.com/vcsa.iso", null)))
            .build();

    PartialFailureException e =
        assertThrows(
            PartialFailureException.class,
            () ->
                engine.create(
                    CreateRequest.of(spec, UserDataRendererTest.cheapestOn(spec, "aws"), NONE)));

    assertTrue(e.getMessage().contains("stop after seeing the user data"), e.getMessage());
    byte[] userData = sent.get(0);
    assertTrue(
        (userData[0] & 0xff) == 0x1f && (userData[1] & 0xff) == 0x8b, "AWS gets gzip user data");
    String text =
        new String(
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(userData))
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.startsWith("#cloud-config"), text.substring(0, 40));
    assertFalse(text.contains("reports readiness only"), "not the fake's minimal script");
  }
}
