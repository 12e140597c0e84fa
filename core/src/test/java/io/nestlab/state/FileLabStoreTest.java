package io.nestlab.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import io.nestlab.cost.MeterState;
import io.nestlab.cost.Transition;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.HostRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLabStoreTest {
  @TempDir Path dir;

  LabRecord record(String id) {
    Instant t = Instant.parse("2026-11-24T10:00:00Z");
    return LabRecord.builder(id, "fake")
        .name("demo")
        .owner("me")
        .created(t)
        .leaseUntil(t.plusSeconds(3600))
        .spec(
            LabSpec.builder()
                .name("demo")
                .esxi(new EsxiSpec("8.0U3", 1, "esx", 4, 16, 32, 100, Map.of()))
                .build())
        .host(new HostRef("fake", "fake-central-1", "a", "fake-i-1"))
        .transition(new Transition(t, MeterState.RUNNING))
        .journal(t, "host", JournalEntry.Phase.BEGIN, Map.of("idempotencyKey", "k"), null)
        .build();
  }

  @Test
  void aRecordRoundTripsExactly() {
    FileLabStore store = FileLabStore.at(dir);
    LabRecord r = record("demo-abc123");
    store.save(r);
    assertEquals(r, store.load("demo-abc123"));
    assertEquals(List.of("demo-abc123"), store.labIds());
  }

  @Test
  void directoriesArePrivateAndNoTempFileIsLeft() throws Exception {
    FileLabStore store = FileLabStore.at(dir.resolve("deep").resolve("labs"));
    store.save(record("demo-abc123"));
    store.save(record("demo-abc123"));
    Path labDir = dir.resolve("deep/labs/demo-abc123");
    for (Path p : List.of(dir.resolve("deep"), dir.resolve("deep/labs"), labDir)) {
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
          p.toString());
    }
    try (Stream<Path> files = Files.list(labDir)) {
      assertEquals(
          List.of("lab.json", "lab.json.bak"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aNewerFormatVersionIsRefusedWithAdvice() throws Exception {
    FileLabStore store = FileLabStore.at(dir);
    store.save(record("demo-abc123"));
    Path file = dir.resolve("demo-abc123/lab.json");
    Files.writeString(
        file, Files.readString(file).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));
    LabStateException e = assertThrows(LabStateException.class, () -> store.load("demo-abc123"));
    assertTrue(
        e.getMessage().contains("format version 7") && e.getMessage().contains("upgrade"),
        e.getMessage());
  }

  @Test
  void secretsLiveInTheirOwnPrivateFileAndNeverPrint() throws Exception {
    FileLabStore store = FileLabStore.at(dir);
    store.saveSecrets("demo-abc123", LabSecrets.empty().with("ssh-private-key", "TOPSECRET"));
    assertEquals("TOPSECRET", store.secrets("demo-abc123").get("ssh-private-key").orElseThrow());
    assertFalse(store.secrets("demo-abc123").toString().contains("TOPSECRET"));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("demo-abc123/secrets.json"))));
    Files.writeString(dir.resolve("demo-abc123/secrets.json"), "{ not json TOPSECRET");
    LabStateException e = assertThrows(LabStateException.class, () -> store.secrets("demo-abc123"));
    assertFalse(e.getMessage().contains("TOPSECRET"), "an error must not quote a secrets file");
  }

  @Test
  void theLockIsExclusiveAndReleasedOnClose() {
    FileLabStore store = FileLabStore.at(dir);
    LabStore.LabLock first = store.lock("demo-abc123");
    LabLockedException e = assertThrows(LabLockedException.class, () -> store.lock("demo-abc123"));
    assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
    first.close();
    store.lock("demo-abc123").close();
  }

  @Test
  void lockFilesArePrivateLikeEveryStateFile() throws Exception {
    FileLabStore store = FileLabStore.at(dir);
    store.lock("demo-abc123").close();
    for (String name : List.of("lock", "lock.owner")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(dir.resolve("demo-abc123").resolve(name))),
          name);
    }
  }

  @Test
  void labIdsThatCouldEscapeTheDirectoryAreRefused() {
    FileLabStore store = FileLabStore.at(dir);
    for (String bad : List.of("../etc", "UPPER", "a", "x/y", "")) {
      assertThrows(InvalidSpecException.class, () -> store.load(bad), bad);
    }
  }

  @Test
  void unknownLabsNameTheKnownOnes() {
    FileLabStore store = FileLabStore.at(dir);
    store.save(record("demo-abc123"));
    UnknownLabException e = assertThrows(UnknownLabException.class, () -> store.load("other-1"));
    assertTrue(e.getMessage().contains("known labs: demo-abc123"), e.getMessage());
  }

  @Test
  void aTruncatedRecordFallsBackToItsBackupAndSaysSo() throws Exception {
    FileLabStore store = FileLabStore.at(dir);
    LabRecord r = record("demo-abc123");
    store.save(r);
    Path file = dir.resolve("demo-abc123/lab.json");
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.length() / 2));
    assertEquals(r, store.load("demo-abc123"));
    RecordDamage d = store.damage("demo-abc123").orElseThrow();
    assertTrue(d.recovered());
    assertEquals(file.toString(), d.location());
    assertTrue(d.describe().contains(file.toString()), d.describe());
    // The next save repairs the record and sets the damaged one aside.
    store.save(r.toBuilder().lastPhase("esxi").build());
    assertTrue(store.damage("demo-abc123").isEmpty());
    assertEquals("esxi", store.load("demo-abc123").lastPhase());
    assertEquals(
        text.substring(0, text.length() / 2),
        Files.readString(dir.resolve("demo-abc123/lab.json.damaged")));
  }

  @Test
  void aDamagedRecordWithoutBackupIsReportedWithItsPathAndOtherLabsStillRead() throws Exception {
    FileLabStore store = FileLabStore.at(dir);
    store.save(record("demo-abc123"));
    store.save(record("good-abc123"));
    Path file = dir.resolve("demo-abc123/lab.json");
    Files.writeString(file, "{\"formatVersion\" : 1, \"labId\" : \"demo-ab");
    Files.delete(dir.resolve("demo-abc123/lab.json.bak"));
    assertEquals(List.of("demo-abc123", "good-abc123"), store.labIds());
    DamagedRecordException e =
        assertThrows(DamagedRecordException.class, () -> store.find("demo-abc123"));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("demo-ab\""), "the message quotes no content");
    assertFalse(e.damage().recovered());
    assertEquals(record("good-abc123"), store.load("good-abc123"));
    assertTrue(store.damage("good-abc123").isEmpty());
  }

  @Test
  void aRecordOfAnotherLabOrWithoutVersionIsDamageToo() throws Exception {
    FileLabStore store = FileLabStore.at(dir);
    store.save(record("demo-abc123"));
    store.save(record("other-abc123"));
    Files.copy(
        dir.resolve("other-abc123/lab.json"),
        dir.resolve("demo-abc123/lab.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals("demo-abc123", store.load("demo-abc123").labId());
    assertTrue(
        store.damage("demo-abc123").orElseThrow().problem().contains("other-abc123"),
        store.damage("demo-abc123").toString());
    Files.writeString(dir.resolve("demo-abc123/lab.json.bak"), "{}");
    assertThrows(DamagedRecordException.class, () -> store.load("demo-abc123"));
  }

  @Test
  void aDestroyedLabTakesItsSecretsWithIt() {
    FileLabStore store = FileLabStore.at(dir);
    LabRecord r = record("demo-abc123");
    store.save(r);
    store.saveSecrets("demo-abc123", LabSecrets.empty().with("ssh-private-key", "TOPSECRET"));
    store.save(r.toBuilder().status(LabStatus.DESTROYING).build());
    assertTrue(Files.exists(dir.resolve("demo-abc123/secrets.json")));
    store.save(r.toBuilder().status(LabStatus.DESTROYED).build());
    assertFalse(Files.exists(dir.resolve("demo-abc123/secrets.json")));
    assertEquals(LabSecrets.empty(), store.secrets("demo-abc123"));
    assertEquals(LabStatus.DESTROYED, store.load("demo-abc123").status(), "the record stays");
  }

  @Test
  void aDestroyedLabThatNeverHeldAnythingLeavesNothing() {
    FileLabStore store = FileLabStore.at(dir);
    Instant t = Instant.parse("2026-11-24T10:00:00Z");
    LabRecord r =
        LabRecord.builder("demo-abc123", "fake")
            .created(t)
            .journal(t, "create", JournalEntry.Phase.BEGIN, Map.of(), null)
            .build();
    store.save(r);
    store.saveSecrets("demo-abc123", LabSecrets.empty().with("ssh-private-key", "TOPSECRET"));
    store.save(r.toBuilder().status(LabStatus.DESTROYED).build());
    assertFalse(Files.exists(dir.resolve("demo-abc123")));
    assertEquals(List.of(), store.labIds());
    assertTrue(store.find("demo-abc123").isEmpty());
  }

  @Test
  void secretProviderSettingsAreHeldInMemoryAndNeverWritten() throws Exception {
    FileLabStore store = FileLabStore.at(dir);
    store.saveSecrets(
        "demo-abc123",
        LabSecrets.empty()
            .with(LabSecrets.PROVIDER_SETTING_PREFIX + "secretAccessKey", "CLOUDSECRET"));
    assertFalse(Files.exists(dir.resolve("demo-abc123/secrets.json")), "no file for them alone");
    assertEquals(
        "CLOUDSECRET",
        store
            .secrets("demo-abc123")
            .get(LabSecrets.PROVIDER_SETTING_PREFIX + "secretAccessKey")
            .orElseThrow());
    store.saveSecrets(
        "demo-abc123", store.secrets("demo-abc123").with("ssh-private-key", "TOPSECRET"));
    assertFalse(
        Files.readString(dir.resolve("demo-abc123/secrets.json")).contains("CLOUDSECRET"),
        "a cloud credential reached the disk");
    assertEquals(
        LabSecrets.of(Map.of("ssh-private-key", "TOPSECRET")),
        FileLabStore.at(dir).secrets("demo-abc123"),
        "another store (a later command) sees only what is on disk");
  }
}
