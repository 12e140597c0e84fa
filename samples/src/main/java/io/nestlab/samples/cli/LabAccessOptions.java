package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.access.HostKeyFingerprints;
import io.nestlab.access.SshKeyPair;
import io.nestlab.access.SshTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Which lab the access commands reach. A lab is found by name in NestLab's state; the direct
 * options name a host outright (all four together), for a host whose state is elsewhere.
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

  /** The lab's access details. */
  AccessTarget resolve() {
    boolean direct = host != null || user != null || identity != null || hostKeys != null;
    if (!direct) {
      throw new NestLabException(
          "lab '"
              + lab
              + "': looking labs up in NestLab's state is not wired into this build yet; reach"
              + " the host directly with --host, --user, --identity and --host-keys");
    }
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
        lab, new SshTarget(host, port, user), SshKeyPair.read(identity), keys, null, null);
  }
}
