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
import org.junit.jupiter.api.Assumptions;

/** Runs the real tools the ITs check rendered artifacts with; every run is bounded. */
final class Tools {
  private Tools() {}

  /** The result of one run. */
  record Run(int exit, String output) {}

  /** Skips the test (or fails it where peers are required) when a tool is not installed. */
  static void require(Peer... peers) {
    Peers.require(peers);
  }

  /** The interpreter the L1 host runs its Python scripts with; tests run them with the same. */
  static final String HOST_PYTHON = "/usr/bin/python3";

  /**
   * Returns when {@link #HOST_PYTHON} is the L1 image's Python ({@link L1Image#PYTHON_VERSION},
   * with pyVmomi when {@code withPyvmomi}): the host's scripts are tested only with the host's
   * Python. Otherwise skips the test, or fails it where peers are required, saying which version
   * ran.
   */
  static void requireHostPython(boolean withPyvmomi) throws IOException, InterruptedException {
    Peers.require(withPyvmomi ? Peer.PYVMOMI : Peer.PYTHON3);
    String version = hostPythonVersion();
    if (version.equals(L1Image.PYTHON_VERSION)) {
      return;
    }
    String message =
        HOST_PYTHON
            + " is Python "
            + version
            + ", but the L1 host ("
            + L1Image.DISTRIBUTION
            + ") runs its scripts with Python "
            + L1Image.PYTHON_VERSION
            + "; the host's scripts are tested only with the host's Python: run these tests on "
            + L1Image.DISTRIBUTION;
    if (Peers.required()) {
      throw new AssertionError(message);
    }
    Assumptions.abort("SKIPPED: " + message);
  }

  /** {@code major.minor} of {@link #HOST_PYTHON}. */
  static String hostPythonVersion() throws IOException, InterruptedException {
    Run r =
        run(
            List.of(HOST_PYTHON, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"),
            Map.of(),
            null,
            60);
    if (r.exit() != 0) {
      throw new AssertionError(HOST_PYTHON + " did not say its version: " + r.output());
    }
    return r.output().trim();
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
