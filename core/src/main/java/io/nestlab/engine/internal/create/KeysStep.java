package io.nestlab.engine.internal.create;

import io.nestlab.access.Secret;
import io.nestlab.engine.LabKey;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import java.util.Map;

/**
 * Makes the lab's SSH key pair: the private key into the vault, the public one into the journal.
 */
final class KeysStep extends CreateStep {
  KeysStep() {
    super(LabStep.KEYS, WaitLevel.NONE);
  }

  @Override
  boolean isDone(CreateContext c) {
    // A journal that says so is not enough: a lost secrets file means a new key.
    return c.run().ended(LabStep.KEYS)
        && c.run().lastOf(LabStep.KEYS).orElseThrow().data().get("publicKey") != null
        && c.vault().sshKey().isPresent();
  }

  @Override
  void apply(CreateContext c) {
    c.run().begin(LabStep.KEYS, Map.of());
    LabKey key = c.engine().keys().create(c.run().labId());
    c.vault().saveSshKey(Secret.of(key.privateKey()));
    c.run().end(LabStep.KEYS, Map.of("publicKey", key.publicKey()), "SSH key pair made");
  }
}
