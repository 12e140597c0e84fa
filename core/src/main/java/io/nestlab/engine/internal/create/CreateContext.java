package io.nestlab.engine.internal.create;

import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.LabVault;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.LabRun;
import io.nestlab.engine.internal.Retrier;
import io.nestlab.engine.internal.UserDataPreparer;
import io.nestlab.spi.LabProvider;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;

/** What the steps of one creation run share: the engine, the run, the open provider. */
final class CreateContext {
  private final EngineContext engine;
  private final LabRun run;
  private final LabProvider provider;
  private final Retrier retry;
  private PackedUserData userData;
  private String accessProblem;

  CreateContext(EngineContext engine, LabRun run, LabProvider provider) {
    this.engine = engine;
    this.run = run;
    this.provider = provider;
    this.retry = engine.retrier(engine.timings().stateTimeout());
  }

  EngineContext engine() {
    return engine;
  }

  LabRun run() {
    return run;
  }

  LabRecord record() {
    return run.record();
  }

  LabProvider provider() {
    return provider;
  }

  /** Retries cloud calls within the state timeout. */
  Retrier retry() {
    return retry;
  }

  LabVault vault() {
    return engine.vault(run.labId());
  }

  /** The lab's public key, as the {@code keys} step journaled it. */
  String publicKey() {
    return run.lastOf(LabStep.KEYS)
        .map(e -> e.data().get("publicKey"))
        .orElseThrow(() -> new LabStateException("lab " + run.labId() + " has no key yet"));
  }

  /** The host's user data, signed and rendered on first use, then the same for this run. */
  PackedUserData userData() {
    if (userData == null) {
      userData = UserDataPreparer.prepare(engine.renderer(), record(), provider, publicKey());
    }
    return userData;
  }

  /** Why the lab's credentials could not be fetched; null when they were (or need not be). */
  String accessProblem() {
    return accessProblem;
  }

  void accessProblem(String problem) {
    accessProblem = problem;
  }
}
