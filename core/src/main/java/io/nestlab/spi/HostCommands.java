package io.nestlab.spi;

import java.time.Duration;

/**
 * Commands run on a lab's L1 host, as root. The engine reaches real hosts over their verified SSH
 * access; a provider whose hosts are simulated (the fake cloud) answers these itself through {@link
 * LabProvider#hostCommands}, so the operations that drive host programs (the upgrade rehearsal,
 * saving a blueprint) run end to end without a host.
 */
public interface HostCommands extends AutoCloseable {
  /** Runs {@code command} (a shell command line) as root and waits for it to end. */
  Result run(String command, Duration timeout);

  /** Writes {@code content} to {@code path} on the host, owned by root, with octal {@code mode}. */
  void writeFile(String path, byte[] content, String mode, Duration timeout);

  @Override
  default void close() {}

  /**
   * What a command printed and how it ended; stdout carries no secret by the host programs' rule.
   */
  record Result(int exitStatus, String stdout, String stderr) {
    public boolean succeeded() {
      return exitStatus == 0;
    }
  }
}
