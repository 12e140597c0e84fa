package io.nestlab.engine;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One progress line of the L1 bootstrap, as printed on the serial console: {@code NESTLAB
 * phase=<phase> [host=<h>] status=<start|done|failed> t=<ISO instant>}. Other console lines are
 * ignored.
 *
 * @param host the ESXi host the phase concerns, or null
 */
public record BootstrapProgress(String phase, String host, Status status, Instant at) {
  private static final Pattern LINE =
      Pattern.compile(
          "NESTLAB phase=([A-Za-z0-9_.-]+)(?: host=([A-Za-z0-9_.-]+))? status=(start|done|failed)"
              + " t=(\\S+)");

  /** The phase that ends a successful bootstrap. */
  public static final String READY = "ready";

  /** Parses a console line; empty when it is not a progress line. */
  public static Optional<BootstrapProgress> parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    Instant at;
    try {
      at = Instant.parse(m.group(4));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.of(
        new BootstrapProgress(
            m.group(1),
            m.group(2),
            Status.valueOf(m.group(3).toUpperCase(java.util.Locale.ROOT)),
            at));
  }

  /** Whether this line says the whole bootstrap finished. */
  public boolean isReady() {
    return READY.equals(phase) && status == Status.DONE;
  }

  /** For people: {@code esxi (esx-01) done}. */
  public String describe() {
    return phase
        + (host == null ? "" : " (" + host + ")")
        + " "
        + status.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A phase's status. */
  public enum Status {
    START,
    DONE,
    FAILED
  }
}
