package io.nestlab.bootstrap;

import io.nestlab.testing.Peer;
import io.nestlab.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real tools the ITs check rendered artifacts with; every run is bounded. */
final class Tools {
  private Tools() {}

  /** The result of one run. */
  record Run(int exit, String output) {}

  /** Skips the test (or fails it where peers are required) when a tool is not installed. */
  static void require(Peer... peers) {
    Peers.require(peers);
  }

  static Run run(List<String> command, Map<String, String> env, Path dir, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().putAll(env);
    Path out = Files.createTempFile("nestlab-tool", ".out");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static Run run(String... command) throws IOException, InterruptedException {
    return run(List.of(command), Map.of(), null, 120);
  }

  /** Every file under {@code dir} whose name ends with {@code suffix}. */
  static List<Path> files(Path dir, String suffix) throws IOException {
    List<Path> out = new ArrayList<>();
    try (var s = Files.walk(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(out::add);
    }
    return out;
  }

  /** The build's target directory (the module's working directory under Maven). */
  static Path target() {
    return Path.of("target").toAbsolutePath();
  }
}
