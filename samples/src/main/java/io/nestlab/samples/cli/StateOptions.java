package io.nestlab.samples.cli;

import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStore;
import io.nestlab.state.LabStores;
import io.nestlab.state.StateAddressException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --state-dir} / {@code --state}: where lab state lives, a directory or a shared PostgreSQL
 * database (docs/fleet.md); {@code NESTLAB_STATE_URL} when neither is given.
 */
final class StateOptions {
  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "where lab state lives (default: $NESTLAB_HOME/labs or ~/.nestlab/labs)")
  Path stateDir;

  @Option(
      names = "--state",
      paramLabel = "ADDRESS",
      description =
          "where lab state lives: a directory, or postgresql://USER@HOST:PORT/DB for state shared"
              + " by a team (default: $NESTLAB_STATE_URL, else --state-dir's default)")
  String address;

  /** The store when neither flag nor NESTLAB_STATE_URL says where: the injector's (CliModule). */
  @jakarta.inject.Inject jakarta.inject.Provider<LabStore> defaultStore;

  private LabStore opened;

  LabStore store() {
    if (opened == null) {
      opened = open();
    }
    return opened;
  }

  private LabStore open() {
    if (stateDir != null && address != null) {
      throw new StateAddressException(
          "--state and --state-dir both say where state lives; give one of them");
    }
    if (stateDir != null) {
      return FileLabStore.at(stateDir);
    }
    String where = address != null ? address : System.getenv(LabStores.ENV);
    if (where != null && !where.isBlank()) {
      return LabStores.open(where);
    }
    // Not injected only when made outside a command (LabAccessOptions): the same default.
    return defaultStore != null ? defaultStore.get() : FileLabStore.at(FileLabStore.defaultRoot());
  }

  /** Whether state is shared by many users (a database), not one user's directory. */
  boolean shared() {
    return !(store() instanceof FileLabStore);
  }

  /** {@code " --state-dir DIR"} when state is not in the default place, for printed commands. */
  String flag() {
    if (stateDir != null) {
      return " --state-dir " + stateDir;
    }
    // The store's location never shows a password.
    return address == null ? "" : " --state " + store().location();
  }
}
