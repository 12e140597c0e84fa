package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.access.HostAccess;
import io.nestlab.access.HostKeyFingerprints;
import io.nestlab.access.LabAccess;
import io.nestlab.access.LabEndpoints;
import io.nestlab.access.SshKeyPair;
import io.nestlab.access.SshTarget;
import io.nestlab.engine.LabSsh;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.LabVault;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Which lab the access commands reach. A lab is found by id in NestLab's state (its host, the host
 * key fingerprints verified when it became ready, its key); the direct options name a host outright
 * (all four together), for a host whose state is elsewhere.
 */
final class LabAccessOptions {
  @Parameters(index = "0", paramLabel = "LAB", description = "The lab's name.")
  String lab;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Direct: the L1 host's address (with --user, --identity, --host-keys).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", description = "Direct: the SSH port (22).")
  int port = SshTarget.DEFAULT_PORT;

  @Option(names = "--user", paramLabel = "USER", description = "Direct: the login user.")
  String user;

  @Option(
      names = "--identity",
      paramLabel = "FILE",
      description = "Direct: the lab's private key file (OpenSSH or PKCS#8, Ed25519).")
  Path identity;

  @Option(
      names = "--host-keys",
      paramLabel = "FILE",
      description =
          "Direct: the host's serial console output (or just its SSH HOST KEY FINGERPRINTS"
              + " block); the host key must match it.")
  Path hostKeys;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "How long connecting may take, e.g. 30s or 2m (default: ${DEFAULT-VALUE}).",
      defaultValue = "30s",
      converter = DurationConverter.class)
  Duration timeout;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "where lab state lives (default: $NESTLAB_HOME/labs or ~/.nestlab/labs)")
  Path stateDir;

  @Option(
      names = "--state",
      paramLabel = "ADDRESS",
      description =
          "where lab state lives: a directory or postgresql://USER@HOST:PORT/DB (default:"
              + " $NESTLAB_STATE_URL, else --state-dir's default)")
  String stateAddress;

  /** The lab's access details: from NestLab's state, or from the direct options. */
  AccessTarget resolve() {
    boolean direct = host != null || user != null || identity != null || hostKeys != null;
    return direct ? resolveDirect() : resolveFromState();
  }

  private AccessTarget resolveFromState() {
    StateOptions where = new StateOptions();
    where.stateDir = stateDir;
    where.address = stateAddress;
    LabStore store = where.store();
    LabRecord rec = store.load(lab);
    String id = rec.labId();
    // the access and the key as the engine and the JUnit handle read them (core's LabSsh)
    Optional<JournalEntry> step = LabSsh.accessStep(rec);
    LabSsh.Login login =
        LabSsh.login(
            store,
            rec,
            () -> noAccess(rec, step.isPresent()),
            m -> new LabStateException(m + " in " + store.location()));
    HostAccess access = login.access();
    LabVault vault = LabVault.of(store, id);
    LabEndpoints endpoints =
        rec.spec() == null ? null : LabEndpoints.of(rec.spec(), access.target().host());
    return new AccessTarget(
        id,
        access,
        login.key(),
        endpoints,
        vault.credentials().orElse(null),
        vault::saveCredentials,
        step.map(e -> e.data().get(LabStep.CREDENTIALS_PATH)).orElse(LabAccess.CREDENTIALS_PATH));
  }

  /**
   * Why lab {@code rec} cannot be reached: its access step has not run yet, or it ran and found no
   * SSH on the host (the fake cloud's hosts have none without {@code ssh-port}), which waiting or
   * 'up' would never change.
   */
  private static LabStateException noAccess(LabRecord rec, boolean accessStepDone) {
    String id = rec.labId();
    if (accessStepDone) {
      return new LabStateException(
          "lab "
              + id
              + " has no SSH access: its host offered none when the lab became ready"
              + ("fake".equals(rec.provider())
                  ? " (the fake cloud's hosts have SSH only when it is given --provider-opt"
                      + " ssh-port=PORT at 'nestlab up')"
                  : "")
              + "; 'nestlab status "
              + id
              + "' shows the lab without it");
    }
    return new LabStateException(
        "lab "
            + id
            + " has no verified SSH access yet (status "
            + rec.status().name().toLowerCase(Locale.ROOT)
            + (rec.lastError() == null ? "" : ": " + rec.lastError())
            + "); it gets one when 'nestlab up' (or 'nestlab resume "
            + id
            + "') has seen its host key on the console and logged in");
  }

  private AccessTarget resolveDirect() {
    StringBuilder missing = new StringBuilder();
    for (var e :
        new Object[][] {
          {"--host", host}, {"--user", user}, {"--identity", identity}, {"--host-keys", hostKeys}
        }) {
      if (e[1] == null) {
        missing.append(missing.length() == 0 ? "" : ", ").append(e[0]);
      }
    }
    if (missing.length() > 0) {
      throw new NestLabException("reaching a host directly also needs " + missing);
    }
    String console;
    try {
      console = Files.readString(hostKeys);
    } catch (IOException e) {
      throw new NestLabException("cannot read --host-keys " + hostKeys + ": " + e.getMessage(), e);
    }
    HostKeyFingerprints keys =
        HostKeyFingerprints.findInConsole(console)
            .orElseThrow(
                () ->
                    new NestLabException(
                        hostKeys
                            + " holds no complete '"
                            + HostKeyFingerprints.BEGIN
                            + "' block; save the host's serial console output once it has"
                            + " booted"));
    return new AccessTarget(
        lab,
        new HostAccess(new SshTarget(host, port, user), keys),
        SshKeyPair.read(identity),
        null,
        null,
        null,
        LabAccess.CREDENTIALS_PATH);
  }
}
