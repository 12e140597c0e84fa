package io.nestlab.samples.cli;

import io.nestlab.access.HostKeyFingerprints;
import io.nestlab.access.HostKeyVerifier;
import io.nestlab.access.LabEndpoints;
import io.nestlab.access.SshConnection;
import io.nestlab.access.SshKeyPair;
import io.nestlab.access.SshTarget;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the access commands need to reach one lab.
 *
 * @param lab the lab's name, for messages
 * @param ssh the L1 host's address, port and login user
 * @param key the lab's key pair
 * @param hostKeys the host key fingerprints the host printed on its console
 * @param endpoints vCenter's and the ESXi hosts' names, or null when unknown
 * @param credentialsFile the lab's local 0600 credentials file, or null when it has none
 */
record AccessTarget(
    String lab,
    SshTarget ssh,
    SshKeyPair key,
    HostKeyFingerprints hostKeys,
    LabEndpoints endpoints,
    Path credentialsFile) {

  SshConnection connect(Duration timeout) {
    return SshConnection.open(ssh, key, HostKeyVerifier.of(hostKeys), timeout);
  }
}
