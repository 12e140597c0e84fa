package io.nestlab.engine;

import io.nestlab.access.Secret;
import io.nestlab.state.LabSecrets;
import io.nestlab.state.LabStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A typed view of a lab's secrets file: its SSH private key, the secret provider settings it was
 * created with, the files its user data had no room for (waiting to be copied to the host) and the
 * lab's credentials fetched from the host. This class is the only one that knows how each section
 * is laid out in the file; the layout is the one earlier versions wrote, so their labs read as
 * before.
 *
 * <p>Every write reads the file again, changes one section and saves it (0600); {@link #toString()}
 * shows no value.
 */
public final class LabVault {
  private static final String SSH_PRIVATE_KEY = "ssh-private-key";
  private static final String CREDENTIALS = "lab-credentials";
  private static final String DEFERRED_PREFIX = "deferred-file:";
  private static final String SETTING_PREFIX = LabSecrets.PROVIDER_SETTING_PREFIX;

  private final LabStore store;
  private final String labId;

  private LabVault(LabStore store, String labId) {
    this.store = Objects.requireNonNull(store, "store");
    this.labId = Objects.requireNonNull(labId, "labId");
  }

  /** The vault of lab {@code labId} in {@code store}. */
  public static LabVault of(LabStore store, String labId) {
    return new LabVault(store, labId);
  }

  /** The lab's SSH private key (OpenSSH PEM), once made. */
  public Optional<Secret> sshKey() {
    return secrets().get(SSH_PRIVATE_KEY).map(Secret::of);
  }

  public void saveSshKey(Secret privateKey) {
    store.saveSecrets(labId, secrets().with(SSH_PRIVATE_KEY, privateKey.reveal()));
  }

  /** The lab's credentials file as fetched from its host. */
  public Optional<Secret> credentials() {
    return secrets().get(CREDENTIALS).map(Secret::of);
  }

  public void saveCredentials(Secret credentials) {
    store.saveSecrets(labId, secrets().with(CREDENTIALS, credentials.reveal()));
  }

  /** The provider settings that are secrets (tokens, keys), by setting name. */
  public Map<String, String> providerSecrets() {
    return section(SETTING_PREFIX);
  }

  /** Replaces the secret provider settings. */
  public void saveProviderSecrets(Map<String, String> settings) {
    replaceSection(SETTING_PREFIX, settings);
  }

  /** The files waiting to be copied to the host, by their path there; sorted by path. */
  public Map<String, String> deferredFiles() {
    return section(DEFERRED_PREFIX);
  }

  /** Replaces the files waiting for the host (an empty map forgets them). */
  public void saveDeferredFiles(Map<String, String> files) {
    replaceSection(DEFERRED_PREFIX, files);
  }

  private LabSecrets secrets() {
    return store.secrets(labId);
  }

  private Map<String, String> section(String prefix) {
    Map<String, String> out = new TreeMap<>();
    secrets()
        .asMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
              }
            });
    return out;
  }

  private void replaceSection(String prefix, Map<String, String> entries) {
    Map<String, String> values = new LinkedHashMap<>(secrets().asMap());
    values.keySet().removeIf(k -> k.startsWith(prefix));
    entries.forEach((k, v) -> values.put(prefix + k, v));
    store.saveSecrets(labId, LabSecrets.of(values));
  }

  @Override
  public String toString() {
    return "LabVault[" + labId + "] (values redacted)";
  }
}
