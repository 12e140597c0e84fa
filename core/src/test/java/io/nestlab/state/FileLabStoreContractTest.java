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
}
