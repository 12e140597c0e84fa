package io.nestlab.engine.internal.wait;

import io.nestlab.bootstrap.ProgressLine;
import io.nestlab.bootstrap.ProgressStatus;
import io.nestlab.engine.internal.Retrier;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.LabProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a host's progress reports from its serial console: {@link #poll} for a follower (keeps its
 * offset and an unfinished line between calls), {@link #peek} for a one-off look at all of it.
 */
public final class ConsoleProgress {
  private final LabProvider provider;
  private final HostRef host;
  private final Retrier retry;
  private long offset;
  private final StringBuilder partial = new StringBuilder();

  public ConsoleProgress(LabProvider provider, HostRef host, Retrier retry, long offset) {
    this.provider = provider;
    this.host = host;
    this.retry = retry;
    this.offset = offset;
  }

  /** Where the next read starts. */
  public long offset() {
    return offset;
  }

  /**
   * The progress lines completed since the last poll, in order; other console lines are skipped.
   */
  public List<ProgressLine> poll() {
    long from = offset;
    ConsoleOutput out = retry.call(() -> provider.readConsole(host, from));
    offset = out.nextOffset();
    partial.append(out.text());
    List<ProgressLine> lines = new ArrayList<>();
    int nl;
    while ((nl = partial.indexOf("\n")) >= 0) {
      String line = partial.substring(0, nl);
      partial.delete(0, nl + 1);
      ProgressLine.tryParse(line).ifPresent(lines::add);
    }
    return lines;
  }

  /** The whole console at once, an unfinished last line included. */
  public static Summary peek(LabProvider provider, HostRef host, Retrier retry) {
    ConsoleProgress console = new ConsoleProgress(provider, host, retry, 0);
    List<ProgressLine> lines = new ArrayList<>(console.poll());
    ProgressLine.tryParse(console.partial.toString()).ifPresent(lines::add);
    String last = null;
    String failed = null;
    boolean ready = false;
    for (ProgressLine p : lines) {
      last = describe(p);
      ready |= p.isReady();
      if (p.status() == ProgressStatus.FAILED) {
        failed = last;
      }
    }
    return new Summary(
        Optional.ofNullable(last), ready, Optional.ofNullable(failed), console.offset);
  }

  /** For people: {@code esxi (esx-01) done}, with the reason of a failure. */
  public static String describe(ProgressLine p) {
    return p.phase()
        + (p.host() == null ? "" : " (" + p.host() + ")")
        + " "
        + p.status().wire()
        + (p.reason() == null ? "" : ": " + p.reason());
  }

  /**
   * What a look at the whole console found.
   *
   * @param last the last progress, described
   * @param ready whether the host reported {@code phase=ready}
   * @param failed the phase that failed, described
   * @param nextOffset where the console ended
   */
  public record Summary(
      Optional<String> last, boolean ready, Optional<String> failed, long nextOffset) {}
}
