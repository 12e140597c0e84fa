package io.nestlab.engine;

import java.util.Objects;

/**
 * A lab's SSH key pair.
 *
 * @param publicKey the OpenSSH public key line ({@code ssh-ed25519 AAAA... nestlab-<lab>})
 * @param privateKey the private key (PEM); never printed
 */
public record LabKey(String publicKey, String privateKey) {
  public LabKey {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  @Override
  public String toString() {
    return "LabKey[publicKey=" + publicKey + ", privateKey=***]";
  }
}
