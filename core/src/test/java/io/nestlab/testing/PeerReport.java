package io.nestlab.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Prints, at the end of the build, which peers each module's tests used and one line per missing
 * peer naming what provides it. Run by the last module of the reactor (samples) after its tests;
 * {@code args[0]} is the folder {@link Peers} wrote to, {@code args[1]} the mode. In required mode
 * a missing peer fails the build here too, should a test have swallowed the failure.
 */
public final class PeerReport {
  private PeerReport() {}

  public static void main(String[] args) throws IOException {
    List<String> lines = report(Path.of(args[0]));
    lines.forEach(System.out::println);
    check(lines, args.length > 1 && args[1].trim().equals("required"));
  }

  /** Fails when peers are required and the report names a missing one. */
  static void check(List<String> lines, boolean required) {
    if (required && lines.stream().anyMatch(l -> l.startsWith("[nestlab peers] MISSING"))) {
      throw new IllegalStateException(
          "peers are missing and nestlab.peers=required: see the MISSING lines above");
    }
  }

  /** The report's lines; empty folder or none: a line saying no test needed a peer. */
  static List<String> report(Path dir) throws IOException {
    Map<String, TreeSet<String>> usedByModule = new TreeMap<>();
    Map<Peer, TreeSet<String>> missing = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          String[] parts = f.getFileName().toString().split("\\.");
          if (parts.length != 3) {
            continue;
          }
          if (parts[1].equals("tests")) {
            usedByModule.computeIfAbsent(parts[0], m -> new TreeSet<>());
            continue;
          }
          Peer peer = Peer.valueOf(parts[1]);
          if (parts[2].equals("used")) {
            usedByModule.computeIfAbsent(parts[0], m -> new TreeSet<>()).add(peer.program());
          } else {
            TreeSet<String> tests = missing.computeIfAbsent(peer, p -> new TreeSet<>());
            for (String t : Files.readAllLines(f, StandardCharsets.UTF_8)) {
              if (!t.isBlank()) {
                tests.add(parts[0] + ":" + t.substring(t.lastIndexOf('.') + 1));
              }
            }
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    if (usedByModule.isEmpty() && missing.isEmpty()) {
      out.add("[nestlab peers] no test of this build needed a program from outside Maven");
    }
    usedByModule.forEach(
        (module, peers) ->
            out.add(
                "[nestlab peers] "
                    + module
                    + " used: "
                    + (peers.isEmpty() ? "no peer" : String.join(", ", peers))));
    missing.forEach(
        (peer, tests) ->
            out.add(
                "[nestlab peers] MISSING "
                    + peer.program()
                    + ": install "
                    + peer.source()
                    + "; skipped tests in "
                    + String.join(", ", tests)));
    return out;
  }
}
