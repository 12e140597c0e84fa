package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabEvent;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every lab command shares: where state lives, and how to reach the provider. A lab's state
 * remembers its provider and settings; these flags override them.
 */
final class LabCommandOptions {
  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "where lab state lives (default: $NESTLAB_HOME/labs or ~/.nestlab/labs)")
  Path stateDir;

  @Option(
      names = "--provider",
      paramLabel = "ID",
      description = "the provider: fake, aws or gcp (a lab remembers its own)")
  String provider;

  @Option(
      names = "--provider-opt",
      paramLabel = "KEY=VALUE",
      description = "a provider setting; repeatable (for example dir=/tmp/cloud for fake)")
  List<String> providerOpts = new ArrayList<>();

  @Option(names = "--region", paramLabel = "REGION", description = "the provider's region")
  String region;

  LabStore store() {
    return FileLabStore.at(stateDir != null ? stateDir : FileLabStore.defaultRoot());
  }

  /** The settings given on the command line (region included), to lay over a lab's own. */
  ProviderSettings overrides() {
    ProviderSettings parsed = ProviderSettings.parse(providerOpts);
    if (region == null) {
      return parsed;
    }
    Map<String, String> m = new LinkedHashMap<>(parsed.asMap());
    m.put("region", region);
    return ProviderSettings.of(m);
  }

  /** An engine on this store, printing progress to {@code out}. */
  LabEngine engine(PrintWriter out) {
    return engineBuilder().listener(e -> print(out, e)).build();
  }

  /** An engine builder on this store, rendering the real L1 bootstrap; no listener yet. */
  LabEngine.Builder engineBuilder() {
    return LabEngine.builder(store()).userData(io.nestlab.engine.UserDataRenderer.bootstrap());
  }

  /** {@code " --state-dir DIR"} when state is not in the default place, for printed commands. */
  String stateDirFlag() {
    return stateDir == null ? "" : " --state-dir " + stateDir;
  }

  /** Fails when --provider names another provider than the lab's. */
  void checkProvider(LabRecord rec) {
    if (provider != null && !provider.equals(rec.provider())) {
      throw new LabStateException(
          "lab "
              + rec.labId()
              + " lives on provider '"
              + rec.provider()
              + "', not '"
              + provider
              + "'; drop --provider or pass --provider "
              + rec.provider());
    }
  }

  private static void print(PrintWriter out, LabEvent e) {
    String line =
        switch (e.kind()) {
          case START -> null;
          case END -> "  " + e.step() + ": " + (e.detail().isEmpty() ? "done" : e.detail());
          case FAILURE -> "  " + e.step() + ": FAILED: " + e.detail();
          case INFO -> "  " + e.step() + ": " + e.detail();
        };
    if (line != null) {
      out.println(line);
      out.flush();
    }
  }
}
