package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.access.Secret;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabSecrets;
import io.nestlab.state.LabStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabVaultTest {
  @TempDir Path dir;

  /** The secrets of a lab made by an earlier version: one flat map, sections by key prefix. */
  static final Map<String, String> OLD_FILE =
      Map.of(
          "ssh-private-key", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n",
          "lab-credentials", "VCENTER_PASSWORD=s3cret\n",
          "provider-opt.token", "tok-123",
          "deferred-file:/opt/nestlab/b.sh", "echo b",
          "deferred-file:/opt/nestlab/a.sh", "echo a");

  @Test
  void readsEverySectionOfASecretsFileAnEarlierVersionWrote() {
    LabStore store = FileLabStore.at(dir);
    store.saveSecrets("lab-1", LabSecrets.of(OLD_FILE));
    LabVault vault = LabVault.of(store, "lab-1");

    assertEquals(OLD_FILE.get("ssh-private-key"), vault.sshKey().orElseThrow().reveal());
    assertEquals(OLD_FILE.get("lab-credentials"), vault.credentials().orElseThrow().reveal());
    assertEquals(Map.of("token", "tok-123"), vault.providerSecrets());
    assertEquals(
        java.util.List.of("/opt/nestlab/a.sh", "/opt/nestlab/b.sh"),
        java.util.List.copyOf(vault.deferredFiles().keySet()),
        "sorted by path");
  }

  @Test
  void eachWriteChangesOneSectionAndKeepsTheLayoutEarlierVersionsRead() {
    LabStore store = FileLabStore.at(dir);
    store.saveSecrets("lab-1", LabSecrets.of(OLD_FILE));
    LabVault vault = LabVault.of(store, "lab-1");

    vault.saveDeferredFiles(Map.of());
    vault.saveCredentials(Secret.of("NEW=1\n"));

    assertTrue(vault.deferredFiles().isEmpty());
    assertEquals(Map.of("token", "tok-123"), vault.providerSecrets(), "other sections stay");
    assertTrue(vault.sshKey().isPresent());
    assertEquals("NEW=1\n", store.secrets("lab-1").get("lab-credentials").orElseThrow());
  }

  @Test
  void toStringShowsNoSecret() {
    LabStore store = FileLabStore.at(dir);
    store.saveSecrets("lab-1", LabSecrets.of(OLD_FILE));

    String shown = LabVault.of(store, "lab-1").toString();

    assertFalse(shown.contains("tok-123") || shown.contains("s3cret"), shown);
  }
}
