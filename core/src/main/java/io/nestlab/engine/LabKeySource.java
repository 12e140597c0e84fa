package io.nestlab.engine;

import io.nestlab.access.SshKeyPair;

/**
 * Makes a lab's SSH key pair: the seam where SSH access plugs in. The engine stores the private key
 * in the lab's secrets file ({@link LabVault#sshKey()}) and hands the public key to the host's user
 * data.
 */
@FunctionalInterface
public interface LabKeySource {
  LabKey create(String labId);

  /** A fresh Ed25519 key pair ({@link SshKeyPair}): OpenSSH public line and private key file. */
  static LabKeySource ed25519() {
    return labId -> {
      SshKeyPair pair = SshKeyPair.generate("nestlab-" + labId);
      return new LabKey(pair.publicKeyLine(), pair.privateKey().reveal());
    };
  }
}
