package io.nestlab.gcp.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nestlab.testing.Peer;
import io.nestlab.testing.Peers;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed schemas of compute-v1-messages are exactly what generate.py makes from the gcloud
 * installed here (its compute_v1_messages.py), file for file and byte for byte; skipped with a peer
 * line where gcloud is not installed. After a gcloud update, regenerate as the README says and
 * review the diff.
 */
class ComputeMessageSchemasIT {
  @TempDir Path out;

  @Test
  void committedSchemasAreWhatTheInstalledGcloudGenerates() throws Exception {
    Peers.require(Peer.GCLOUD);
    Path committed = committedDir();
    String sdk = gcloudInfo("installation.sdk_root");
    String python = gcloudInfo("basic.python_location");
    List<String> cmd =
        new ArrayList<>(
            List.of(python, committed.resolve("generate.py").toString(), sdk, out.toString()));
    cmd.addAll(List.of(Files.readString(committed.resolve("roots.txt")).trim().split("\\s+")));
    run(cmd);
    Map<String, String> expected = schemas(committed);
    Map<String, String> generated = schemas(out);
    assertEquals(
        expected.keySet(),
        generated.keySet(),
        "the message classes reached from roots.txt; regenerate (see the README)");
    for (var e : generated.entrySet()) {
      assertEquals(
          expected.get(e.getKey()),
          e.getValue(),
          e.getKey() + " differs from what gcloud's messages give; regenerate (see the README)");
    }
  }

  static Path committedDir() throws URISyntaxException {
    var roots = ComputeMessageSchemasIT.class.getResource("compute-v1-messages/roots.txt");
    return Path.of(roots.toURI()).getParent();
  }

  private static Map<String, String> schemas(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        out.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String gcloudInfo(String field) throws IOException, InterruptedException {
    return run(List.of("gcloud", "info", "--format=value(" + field + ")")).trim();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(command + " failed: " + text);
    }
    return text;
  }
}
