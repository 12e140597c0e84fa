package io.nestlab.engine;

import io.nestlab.access.SshKeyPair;

/**
 * Makes a lab's SSH key pair: the seam where SSH access plugs in its own key handling. The engine
 * stores the private key in the lab's secrets file and hands the public key to the host.
 */
@FunctionalInterface
public interface LabKeySource {
  LabKey create(String labId);

  /**
   * A fresh Ed25519 key pair ({@link SshKeyPair}): the OpenSSH public line {@code ssh-ed25519
   * AAAA... nestlab-<lab>} and the private key in OpenSSH format.
   */
  static LabKeySource ed25519() {
    return labId -> {
      SshKeyPair k = SshKeyPair.generate(("nestlab-" + labId).replaceAll("[^!-~]", "_"));
      return new LabKey(k.publicKeyLine(), k.privateKey().reveal());
    };
  }
}
