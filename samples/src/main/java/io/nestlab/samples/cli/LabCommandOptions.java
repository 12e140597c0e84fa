package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabEvent;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStore;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options every lab command shares: where state lives, and how to reach the provider. A lab's state
 * remembers its provider and settings; these flags override them.
 */
final class LabCommandOptions {
  @Mixin StateOptions state = new StateOptions();

  @Option(
      names = "--provider",
      paramLabel = "ID",
      description =
          "the provider: fake, aws or gcp (a lab remembers its own; up takes the one the lab"
              + " file's placement.providers names)")
  String provider;

  @Mixin SettingsOptions settings = new SettingsOptions();

  /** From the CLI's injector, just before the command runs (CliInjection; docs/design/0151). */
  @jakarta.inject.Inject CliServices services;

  LabStore store() {
    return state.store();
  }

  /** The settings given on the command line (region included), to lay over a lab's own. */
  ProviderSettings overrides() {
    return settings.overrides();
  }

  /** An engine on this store, printing progress to {@code out}. */
  LabEngine engine(PrintWriter out) {
    return engineBuilder().listener(e -> print(out, e)).build();
  }

  /** An engine builder on this store, rendering the real L1 bootstrap; no listener yet. */
  LabEngine.Builder engineBuilder() {
    return services().engine(store());
  }

  /** The providers the engines open: the CLI's bound ones. */
  io.nestlab.engine.ProviderResolver providers() {
    return services().providers();
  }

  /** The clock the engines use: the CLI's bound one. */
  java.time.Clock clock() {
    return services().clock();
  }

  private CliServices services() {
    if (services == null) {
      throw new IllegalStateException(
          "the command was not given the CLI's services: run it through NestLabCli.commandLine");
    }
    return services;
  }

  /** {@code " --state-dir DIR"} when state is not in the default place, for printed commands. */
  String stateDirFlag() {
    return state.flag();
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
