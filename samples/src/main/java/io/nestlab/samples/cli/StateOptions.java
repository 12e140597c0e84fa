package io.nestlab.samples.cli;

import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir}: where lab state lives. */
final class StateOptions {
  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "where lab state lives (default: $NESTLAB_HOME/labs or ~/.nestlab/labs)")
  Path stateDir;

  LabStore store() {
    return FileLabStore.at(stateDir != null ? stateDir : FileLabStore.defaultRoot());
  }

  /** {@code " --state-dir DIR"} when state is not in the default place, for printed commands. */
  String flag() {
    return stateDir == null ? "" : " --state-dir " + stateDir;
  }
}
