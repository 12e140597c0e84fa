package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.access.HostAccess;
import io.nestlab.access.OpenSshServer;
import io.nestlab.access.SshConnection;
import io.nestlab.access.SshKeyPair;
import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.plan.PlanOption;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine reaches a lab the way it would on a cloud: the fake provider's host is a real OpenSSH
 * server whose console prints its host key block; when the bootstrap reports ready, the engine
 * verifies the host key against the console and fetches the credentials into the lab's secrets.
 */
class EngineAccessIT {
  static final PlanOption OPTION = FakeCatalog.option("fake.nested.16x128", 50, 400);
  static final String CREDS = "SSO_USER=administrator@vsphere.local\nSSO_PASSWORD=Qx7!bz\n";

  @TempDir static Path dir;
  static OpenSshServer sshd;
  static SshKeyPair key;
  static Path remoteCreds;

  @BeforeAll
  static void start() throws IOException {
    key = SshKeyPair.generate("nestlab-engine-it");
    sshd = OpenSshServer.start(Files.createDirectories(dir.resolve("sshd")), key.publicKeyLine());
    remoteCreds = sshd.dir().resolve("secrets.env");
    Files.writeString(remoteCreds, CREDS);
  }

  @AfterAll
  static void stop() {
    if (sshd != null) {
      sshd.close();
      assertFalse(sshd.isAlive());
    }
  }

  private LabEngine engine(LabStore store, String console, AtomicReference<String> publicKey) {
    FakeLabProvider fake =
        FakeLabProvider.builder()
            .transition(Duration.ofMillis(50))
            .bootPhase(Duration.ofMillis(20))
            .sshStandIn(sshd.port(), System.getProperty("user.name"))
            .bootConsole(console)
            .build();
    return LabEngine.builder(store)
        .providers((id, s) -> fake)
        .keys(
            labId -> {
              publicKey.set(key.publicKeyLine());
              return new LabKey(key.publicKeyLine(), key.privateKey().reveal());
            })
        .credentialsPath(remoteCreds.toString())
        .pollInterval(Duration.ofMillis(50))
        .stateTimeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void upEndsWithTheCredentialsStoredAndTheHostKeyRecorded() throws IOException {
    LabStore store = FileLabStore.at(dir.resolve("labs-ok"));
    AtomicReference<String> sent = new AtomicReference<>();
    LabEngine engine = engine(store, sshd.consoleText("ec2: "), sent);

    LabRecord lab =
        engine.create(CreateRequest.of(TestLabs.small(), OPTION, ProviderSettings.empty()));

    assertEquals(LabStatus.READY, lab.status(), lab.lastError());
    assertNull(lab.lastError());
    assertEquals(CREDS, LabVault.of(store, lab.labId()).credentials().orElseThrow().reveal());
    JournalEntry access = lab.lastOf(LabStep.ACCESS.wire()).orElseThrow();
    assertEquals(JournalEntry.Phase.END, access.phase());
    HostAccess recorded = HostAccess.fromMap(access.data()).orElseThrow();
    assertEquals(sshd.port(), recorded.target().port());
    assertTrue(lab.ended(LabStep.CREDENTIALS.wire()));
    // What was recorded is enough to connect again later (nestlab ssh / connect).
    try (SshConnection ssh = recorded.open(key, Duration.ofSeconds(20))) {
      assertEquals("ok\n", ssh.exec("echo ok", Duration.ofSeconds(20)).stdout());
    }
    assertFalse(lab.toString().contains("Qx7!bz"));
  }

  @Test
  void filesTheUserDataHadNoRoomForAreCopiedToTheHostBeforeTheBootstrapIsFollowed()
      throws IOException, InterruptedException {
    Path remote = sshd.dir().resolve("deferred/opt/nestlab/bin/nestlab-configure.py");
    String content = "#!/usr/bin/python3\nprint('configure vCenter')\n";
    UserDataRenderer packed =
        r ->
            new PackedUserData(
                UserDataRenderer.minimal().render(r).bytes(),
                PackedUserData.Form.GZIP_DEFERRED,
                Map.of(remote.toString(), content));
    LabStore store = FileLabStore.at(dir.resolve("labs-deferred"));
    java.util.List<LabEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    FakeLabProvider fake =
        FakeLabProvider.builder()
            .transition(Duration.ofMillis(50))
            .bootPhase(Duration.ofMillis(20))
            .sshStandIn(sshd.port(), System.getProperty("user.name"))
            .bootConsole(sshd.consoleText("ec2: "))
            .build();
    LabEngine engine =
        LabEngine.builder(store)
            .providers((id, s) -> fake)
            .userData(packed)
            .listener(events::add)
            .keys(labId -> new LabKey(key.publicKeyLine(), key.privateKey().reveal()))
            .credentialsPath(remoteCreds.toString())
            .pollInterval(Duration.ofMillis(50))
            .stateTimeout(Duration.ofSeconds(30))
            .build();

    LabRecord running =
        engine.create(
            CreateRequest.of(TestLabs.small(), OPTION, ProviderSettings.empty())
                .withWait(WaitLevel.INFRASTRUCTURE));

    assertFalse(Files.exists(remote), "nothing is copied before the engine follows the bootstrap");
    assertFalse(running.ended(LabStep.DELIVER_FILES.wire()));
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.step().equals(LabStep.DELIVER_FILES.wire())
                        && e.detail().contains("'nestlab resume " + running.labId() + "'")),
        "the user is told how to get the files copied: " + events);
    events.clear();
    // The host says ready, yet a look at the lab never ends its creation: only resume does.
    awaitConsoleReady(fake, running);
    engine.inspect(running.labId(), ProviderSettings.empty());
    assertTrue(
        events.stream().anyMatch(e -> e.step().equals(LabStep.DELIVER_FILES.wire())),
        "status reminds of the files too: " + events);
    assertEquals(
        LabStatus.CREATING,
        store.load(running.labId()).status(),
        "not ready while the host waits for its files");
    assertTrue(
        store.secrets(running.labId()).asMap().containsValue(content),
        "the files wait with the lab's secrets, so a later resume can copy them");

    LabRecord lab = engine.resume(running.labId(), ProviderSettings.empty(), WaitLevel.READY);

    assertEquals(LabStatus.READY, lab.status(), lab.lastError());
    assertEquals(content, Files.readString(remote));
    assertEquals(
        "rwxr-xr-x",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(remote)));
    assertTrue(lab.ended(LabStep.DELIVER_FILES.wire()));
    assertFalse(
        store.secrets(lab.labId()).asMap().containsValue(content), "delivered files are not kept");
  }

  @Test
  void aHostKeyThatDoesNotMatchTheConsoleIsRefusedAndNothingIsFetched() throws IOException {
    Path other = dir.resolve("impostor_key");
    OpenSshServer.keygen(other, "ed25519");
    String impostorConsole =
        "-----BEGIN SSH HOST KEY FINGERPRINTS-----\n"
            + OpenSshServer.run("ssh-keygen", "-l", "-f", other + ".pub")
            + "-----END SSH HOST KEY FINGERPRINTS-----\n";
    LabStore store = FileLabStore.at(dir.resolve("labs-mismatch"));
    LabEngine engine = engine(store, impostorConsole, new AtomicReference<>());

    LabRecord lab =
        engine.create(CreateRequest.of(TestLabs.small(), OPTION, ProviderSettings.empty()));

    assertEquals(LabStatus.READY, lab.status());
    assertTrue(
        lab.lastError().startsWith("no SSH access: refusing to connect to 127.0.0.1:"),
        lab.lastError());
    assertTrue(LabVault.of(store, lab.labId()).credentials().isEmpty());
    assertEquals(
        JournalEntry.Phase.FAILED, lab.lastOf(LabStep.ACCESS.wire()).orElseThrow().phase());
    assertTrue(
        lab.lastOf(LabStep.CREDENTIALS.wire()).isEmpty(), "no credentials step after a refusal");
  }

  @Test
  void aMissingCredentialsFileLeavesTheVerifiedAccessRecorded() throws IOException {
    String console = sshd.consoleText("");
    LabStore store = FileLabStore.at(dir.resolve("labs-nocreds"));
    LabEngine engine =
        LabEngine.builder(store)
            .providers(
                (id, s) ->
                    FakeLabProvider.builder()
                        .transition(Duration.ofMillis(50))
                        .bootPhase(Duration.ofMillis(20))
                        .sshStandIn(sshd.port(), System.getProperty("user.name"))
                        .bootConsole(console)
                        .build())
            .keys(labId -> new LabKey(key.publicKeyLine(), key.privateKey().reveal()))
            .credentialsPath(sshd.dir().resolve("not-there.env").toString())
            .pollInterval(Duration.ofMillis(50))
            .stateTimeout(Duration.ofSeconds(30))
            .build();

    LabRecord lab =
        engine.create(CreateRequest.of(TestLabs.small(), OPTION, ProviderSettings.empty()));

    assertEquals(LabStatus.READY, lab.status());
    assertTrue(
        lab.lastError().startsWith("credentials not fetched: cannot read "), lab.lastError());
    assertTrue(lab.lastError().endsWith("retries"), lab.lastError());
    assertTrue(
        HostAccess.fromMap(lab.lastOf(LabStep.ACCESS.wire()).orElseThrow().data()).isPresent());
  }

  /** Waits (bounded) until the fake host's console has printed its ready line. */
  private static void awaitConsoleReady(FakeLabProvider fake, LabRecord lab)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!fake.readConsole(lab.hostIfPresent().orElseThrow(), 0).text().contains("phase=ready")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the fake host never printed its ready line");
      }
      Thread.sleep(20);
    }
  }
}
