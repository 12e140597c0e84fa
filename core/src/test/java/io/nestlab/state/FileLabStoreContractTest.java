package io.nestlab.state;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the directory store. */
class FileLabStoreContractTest extends LabStoreContract {
  @TempDir Path dir;

  @Override
  LabStore store() {
    return FileLabStore.at(dir);
  }

  @Override
  LabStore otherClient() {
    return FileLabStore.at(dir);
  }

  /** In one JVM the waiting thread parks on the admission lock's in-process queue. */
  @Override
  void awaitWaitingForAdmission(Thread t) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (t.getState() != Thread.State.WAITING) {
      if (System.nanoTime() > deadline || !t.isAlive()) {
        org.junit.jupiter.api.Assertions.fail(
            "the second client never waited for the first one's admission: " + t.getState());
      }
      Thread.onSpinWait();
    }
  }
}
