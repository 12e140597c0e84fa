package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.access.HostAccess;
import io.nestlab.access.HostKeyFingerprints;
import io.nestlab.access.SshTarget;
import io.nestlab.engine.LabStep;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access commands read a lab's access and key from its state as the engine does (core's
 * LabSsh): what is missing is said, with where and what to run, before any connection is tried.
 */
class AccessFromStateTest {
  private static final String ID = "demo-abc123";
  private static final String CONSOLE =
      String.join(
          "\n",
          HostKeyFingerprints.BEGIN,
          "256 SHA256:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg root@l1 (ED25519)",
          "-----END SSH HOST KEY FINGERPRINTS-----",
          "");

  @TempDir Path dir;

  private FileLabStore store(JournalEntry.Phase accessPhase) {
    FileLabStore store = FileLabStore.at(dir);
    LabRecord.Builder rec = LabRecord.builder(ID, "fake").status(LabStatus.READY);
    if (accessPhase != null) {
      HostAccess access =
          new HostAccess(
              new SshTarget("192.0.2.7", 22, "admin"),
              HostKeyFingerprints.findInConsole(CONSOLE).orElseThrow());
      rec.journal(Instant.EPOCH, LabStep.ACCESS.wire(), accessPhase, access.toMap(), null);
    }
    store.save(rec.build());
    return store;
  }

  @Test
  void aLabWhoseKeyIsGoneSaysWhereItLookedAndConnectsNowhere() {
    FileLabStore store = store(JournalEntry.Phase.END);
    for (String command : new String[] {"ssh", "creds", "connect"}) {
      CliRun run = CliRun.of(command, ID, "--state-dir", dir.toString());
      assertEquals(ExitCode.STATE, run.code, command + ": " + run.err);
      assertTrue(
          run.err.toString().contains("lab " + ID + " has lost its SSH key in " + store.location()),
          command + ": " + run.err);
    }
  }

  @Test
  void aLabWhoseAccessStepHasNotEndedSaysWhatGivesIt() {
    store(JournalEntry.Phase.BEGIN);
    CliRun run = CliRun.of("ssh", ID, "--state-dir", dir.toString());
    assertEquals(ExitCode.STATE, run.code, run.err.toString());
    assertTrue(
        run.err
            .toString()
            .contains(
                "lab "
                    + ID
                    + " has no verified SSH access yet (status ready); it gets one when"
                    + " 'nestlab up' (or 'nestlab resume "
                    + ID
                    + "')"),
        run.err.toString());
  }
}
