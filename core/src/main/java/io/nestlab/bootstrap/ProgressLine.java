package io.nestlab.bootstrap;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of the bootstrap's progress protocol, as the L1 host writes it to its serial console:
 *
 * <pre>
 * NESTLAB phase=&lt;phase&gt; [host=&lt;h&gt;] status=&lt;start|done|failed&gt; t=&lt;ISO-8601 instant&gt; [reason=&lt;word&gt;]
 * </pre>
 *
 * for example {@code NESTLAB phase=esxi-install host=esx-01 status=done t=2026-11-24T10:00:00Z}.
 * The last line of a finished bootstrap is {@code NESTLAB phase=ready status=done t=...}.
 *
 * @param host the ESXi host or guest the step works on, or null
 * @param reason a short word saying why a step failed (or other detail), or null
 */
public record ProgressLine(
    String phase, String host, ProgressStatus status, Instant time, String reason) {

  /** The token every protocol line starts with. */
  public static final String PREFIX = "NESTLAB";

  /** The phase of the final line. */
  public static final String READY = "ready";

  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");

  public ProgressLine {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(time, "time");
    check("phase", phase);
    if (host != null) {
      check("host", host);
    }
    if (reason != null) {
      check("reason", reason);
    }
  }

  private static void check(String field, String value) {
    if (!WORD.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " '" + value + "' must be one word of letters, digits and . _ : / -");
    }
  }

  public static ProgressLine of(String phase, String host, ProgressStatus status, Instant time) {
    return new ProgressLine(phase, host, status, time, null);
  }

  /**
   * Parses one protocol line. Text before {@code NESTLAB} (a console or journal prefix) is skipped.
   *
   * @throws IllegalArgumentException naming what is wrong, when the line is not a protocol line
   */
  public static ProgressLine parse(String line) {
    Objects.requireNonNull(line, "line");
    int at = find(line);
    if (at < 0) {
      throw new IllegalArgumentException(
          "not a progress line (no 'NESTLAB phase='): " + clip(line));
    }
    String[] tokens = line.substring(at + PREFIX.length()).trim().split("\\s+");
    String phase = null;
    String host = null;
    String status = null;
    String time = null;
    String reason = null;
    for (String token : tokens) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "progress line has '" + clip(token) + "', not key=value: " + clip(line));
      }
      String key = token.substring(0, eq);
      String value = token.substring(eq + 1);
      switch (key) {
        case "phase" -> phase = value;
        case "host" -> host = value;
        case "status" -> status = value;
        case "t" -> time = value;
        case "reason" -> reason = value;
        default -> {
          // Later versions may add fields; an older parser ignores them.
        }
      }
    }
    if (phase == null || phase.isEmpty()) {
      throw new IllegalArgumentException("progress line without phase: " + clip(line));
    }
    ProgressStatus s =
        ProgressStatus.fromWire(status == null ? "" : status)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "progress line status must be start, done or failed: " + clip(line)));
    if (time == null) {
      throw new IllegalArgumentException("progress line without t=<instant>: " + clip(line));
    }
    Instant t;
    try {
      t = Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "progress line t=" + clip(time) + " is not an ISO-8601 instant: " + clip(line), e);
    }
    return new ProgressLine(phase, host, s, t, reason);
  }

  /** Parses a console line that may or may not be a protocol line. */
  public static Optional<ProgressLine> tryParse(String line) {
    if (line == null || find(line) < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(line));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int find(String line) {
    int at = line.indexOf(PREFIX + " phase=");
    return at;
  }

  private static String clip(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** The step this line reports on. */
  public BootstrapStep step() {
    return new BootstrapStep(phase, host);
  }

  public Optional<String> hostIfPresent() {
    return Optional.ofNullable(host);
  }

  public Optional<String> reasonIfPresent() {
    return Optional.ofNullable(reason);
  }

  /** Whether this is the final line of a finished bootstrap. */
  public boolean isReady() {
    return READY.equals(phase) && status == ProgressStatus.DONE;
  }

  /** The line as the L1 host writes it. */
  public String format() {
    StringBuilder b = new StringBuilder(PREFIX).append(" phase=").append(phase);
    if (host != null) {
      b.append(" host=").append(host);
    }
    b.append(" status=").append(status.wire()).append(" t=").append(time);
    if (reason != null) {
      b.append(" reason=").append(reason);
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
