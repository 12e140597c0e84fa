package io.nestlab.samples.cli;

import io.nestlab.access.HostAccess;
import io.nestlab.access.LabEndpoints;
import io.nestlab.access.Secret;
import io.nestlab.access.SshConnection;
import io.nestlab.access.SshKeyPair;
import io.nestlab.access.SshTarget;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Everything the access commands need to reach one lab.
 *
 * @param lab the lab's name, for messages
 * @param access the L1 host's address, port, user and host key fingerprints
 * @param key the lab's key pair
 * @param endpoints vCenter's and the ESXi hosts' names, or null when unknown
 * @param credentials the lab's stored credentials, or null when none are stored
 * @param saveCredentials stores freshly fetched credentials, or null to keep them nowhere
 * @param remoteCredentials where the credentials file is on the host
 */
record AccessTarget(
    String lab,
    HostAccess access,
    SshKeyPair key,
    LabEndpoints endpoints,
    Secret credentials,
    Consumer<Secret> saveCredentials,
    String remoteCredentials) {

  SshTarget ssh() {
    return access.target();
  }

  SshConnection connect(Duration timeout) {
    return access.open(key, timeout);
  }
}
