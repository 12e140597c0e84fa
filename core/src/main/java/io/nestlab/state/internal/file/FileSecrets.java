package io.nestlab.state.internal.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.internal.io.AtomicFiles;
import io.nestlab.internal.io.Json;
import io.nestlab.state.LabSecrets;
import io.nestlab.state.LabStateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory store's secrets: {@code secrets.json} (0600) per lab, and secret provider settings
 * (cloud credentials) held in memory only, never written. A message names the file, never its
 * content (docs/design/0091).
 */
public final class FileSecrets {
  private static final int FORMAT = 1;
  private static final String FILE = "secrets.json";

  /** Secret provider settings (cloud credentials) by lab: held in memory, never written. */
  private final Map<String, Map<String, String>> transientSecrets = new ConcurrentHashMap<>();

  /** The lab's secrets kept in {@code labDir}, with those held in memory. */
  public LabSecrets read(String labId, Path labDir) {
    Map<String, String> values = new TreeMap<>(readFile(labDir.resolve(FILE)));
    values.putAll(transientSecrets.getOrDefault(labId, Map.of()));
    return LabSecrets.of(values);
  }

  private static Map<String, String> readFile(Path file) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      // The message names the file, never its content.
      throw new LabStateException(
          "cannot read the secrets file " + file + "; fix or remove it", null);
    }
    if (node == null || !node.isObject()) {
      throw new LabStateException(
          "cannot read the secrets file " + file + "; fix or remove it", null);
    }
    int found = node.path("formatVersion").asInt(0);
    if (found < 1) {
      throw new LabStateException(
          "the secrets file "
              + file
              + ": it has no format version; it was not written by NestLab; fix or remove it",
          null);
    }
    if (found > FORMAT) {
      throw new LabStateException(
          file
              + " has format version "
              + found
              + ", newer than this NestLab reads ("
              + FORMAT
              + "); upgrade NestLab");
    }
    Map<String, String> values = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.path("secrets").properties()) {
      values.put(e.getKey(), e.getValue().asText());
    }
    return values;
  }

  /** Keeps the lab's secrets: provider settings in memory, the rest in {@code labDir}. */
  public void write(String labId, Path labDir, LabSecrets secrets) {
    Map<String, String> kept = new TreeMap<>();
    Map<String, String> held = new TreeMap<>();
    secrets
        .asMap()
        .forEach(
            (k, v) -> (k.startsWith(LabSecrets.PROVIDER_SETTING_PREFIX) ? held : kept).put(k, v));
    if (held.isEmpty()) {
      transientSecrets.remove(labId);
    } else {
      transientSecrets.put(labId, Map.copyOf(held));
    }
    if (kept.isEmpty()) {
      delete(labDir);
      return;
    }
    Path file = labDir.resolve(FILE);
    Map<String, Object> doc = new TreeMap<>();
    doc.put("formatVersion", FORMAT);
    doc.put("secrets", kept);
    try {
      AtomicFiles.write(file, Json.mapper().writeValueAsString(doc));
    } catch (IOException e) {
      throw new LabStateException("cannot write the secrets file " + file, null);
    }
  }

  /** Forgets the lab's secrets held in memory. */
  public void forget(String labId) {
    transientSecrets.remove(labId);
  }

  /** Deletes the lab's secrets file. */
  public void delete(Path labDir) {
    Path file = labDir.resolve(FILE);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new LabStateException(
          "cannot delete the secrets file " + file + ": " + e.getMessage() + "; delete it by hand",
          null);
    }
  }
}
