package io.nestlab.state;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Another runner, in its own JVM, for {@link PostgresLabStoreIT}: opens the store at {@code
 * args[0]} with a lease of {@code args[2]} seconds, prints {@code READY}, then obeys lines on
 * standard input for lab {@code args[1]}: {@code lock}, {@code write STEP}, {@code release}, {@code
 * exit}. Each answer is one line: {@code LOCKED}, {@code WROTE}, {@code RELEASED} or {@code REFUSED
 * Type: message}.
 */
public final class LeaseChild {
  private LeaseChild() {}

  public static void main(String[] args) throws Exception {
    String labId = args[1];
    PostgresLabStore store =
        PostgresLabStore.builder(args[0])
            .leaseDuration(Duration.ofSeconds(Long.parseLong(args[2])))
            .build();
    System.out.println("READY pid " + ProcessHandle.current().pid());
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    LabStore.LabLock lock = null;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] cmd = line.trim().split(" ", 2);
      try {
        switch (cmd[0]) {
          case "lock" -> {
            lock = store.lock(labId);
            System.out.println("LOCKED");
          }
          case "write" -> {
            LabRecord base =
                store.find(labId).orElse(LabRecord.builder(labId, "fake").owner("child").build());
            store.save(
                base.toBuilder()
                    .journal(
                        Instant.now(),
                        cmd[1],
                        JournalEntry.Phase.BEGIN,
                        Map.of("pid", String.valueOf(ProcessHandle.current().pid())),
                        null)
                    .build());
            System.out.println("WROTE");
          }
          case "release" -> {
            lock.close();
            System.out.println("RELEASED");
          }
          case "exit" -> {
            store.close();
            return;
          }
          default -> System.out.println("UNKNOWN " + line);
        }
      } catch (LabStateException e) {
        System.out.println("REFUSED " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      System.out.flush();
    }
  }
}
