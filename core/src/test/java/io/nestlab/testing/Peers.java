package io.nestlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The one gate for tests that need a {@link Peer}. With {@code -Dnestlab.peers=optional} (the
 * default: a machine with only a JDK) a missing peer skips the test; with {@code
 * -Dnestlab.peers=required} (CI) it fails it. Either way each peer is written down under {@code
 * nestlab.peers.dir} as used or missing by this module, and {@link PeerReport} prints the list at
 * the end of the build.
 */
public final class Peers {
  /** System property: {@code optional} (skip when missing) or {@code required} (fail). */
  public static final String MODE = "nestlab.peers";

  private static final Map<Peer, Boolean> PRESENT = new EnumMap<>(Peer.class);

  private Peers() {}

  /**
   * Returns when every peer is on this machine; otherwise skips the test (or, when required, fails
   * it) naming each missing one. All are written down, so the report names every missing program.
   */
  public static void require(Peer... peers) {
    List<String> missing = new ArrayList<>();
    for (Peer peer : peers) {
      boolean present = present(peer);
      record(peer, present);
      if (!present) {
        missing.add(peer.program() + " is not installed: install " + peer.source());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String message = String.join("; ", missing) + " (bash .ci/run does)";
    if (required()) {
      throw new AssertionError(message + "; -D" + MODE + "=required forbids skipping this test");
    }
    Assumptions.abort("SKIPPED, needs a peer: " + message);
  }

  /** Whether the build asked that no test be skipped for a missing peer. */
  public static boolean required() {
    String mode = System.getProperty(MODE, "optional").trim();
    if (mode.equals("required")) {
      return true;
    }
    if (mode.isEmpty() || mode.equals("optional")) {
      return false;
    }
    throw new IllegalArgumentException(
        "-D" + MODE + "=" + mode + " is not a mode: use optional (skip) or required (fail)");
  }

  /** Notes that this module ran tests, so the report names it even when it needed no peer. */
  static void moduleRan() {
    write("tests.ran", "");
  }

  private static synchronized boolean present(Peer peer) {
    return PRESENT.computeIfAbsent(peer, Peer::presentOnThisMachine);
  }

  private static void record(Peer peer, boolean present) {
    write(peer.name() + (present ? ".used" : ".missing"), callingTest() + "\n");
  }

  /** Appends to {@code <module>.<name>} in the report folder; no folder (an IDE run): nothing. */
  private static void write(String name, String line) {
    String dir = System.getProperty("nestlab.peers.dir");
    if (dir == null || dir.isBlank()) {
      return;
    }
    Path file = Path.of(dir).resolve(System.getProperty("nestlab.module", "unknown") + "." + name);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record peers in " + dir, e);
    }
  }

  /** The test class that asked, for the report: the first caller named like a test. */
  private static String callingTest() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .map(StackWalker.StackFrame::getClassName)
                    .map(n -> n.contains("$") ? n.substring(0, n.indexOf('$')) : n)
                    .filter(n -> n.endsWith("IT") || n.endsWith("Test"))
                    .findFirst()
                    .orElse("?"));
  }
}
