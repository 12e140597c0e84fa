package io.nestlab.samples.cli;

import io.nestlab.bootstrap.BootstrapStep;
import io.nestlab.engine.LabEvent;
import io.nestlab.engine.LabListener;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code up} is: the state of each step from the engine's events, the time each took, and
 * what is left by typical durations (docs/design/0038). It only keeps the account; a {@link
 * Renderer} shows it: redrawn in place on a terminal ({@link LiveRenderer}), one line per change
 * elsewhere. Thread-safe: events come from the engine's thread, redraws from a ticker.
 */
final class UpProgress implements LabListener {
  /** Shows the progress. */
  interface Renderer extends AutoCloseable {
    /** A step changed; {@code line} says how, for output that cannot be redrawn. */
    void changed(String line);

    /** Stops redrawing and leaves the last state on screen; idempotent. */
    @Override
    default void close() {}
  }

  enum State {
    PENDING,
    RUNNING,
    DONE,
    FAILED,
    SKIPPED
  }

  private static final Pattern BOOT =
      Pattern.compile("(\\S+)(?: \\((\\S+)\\))? (start|done|failed)");
  private static final String[] SPINNER = {"|", "/", "-", "\\"};
  private static final int BAR = 20;

  private final TypicalDurations typical;
  private final Clock clock;
  private final Instant began;
  private final Map<String, Step> steps = new LinkedHashMap<>();
  private final Set<BootstrapStep> bootDone = new LinkedHashSet<>();
  private BootstrapStep bootCurrent;
  private Instant bootCurrentSince;
  private String note;
  private Renderer renderer = line -> {};
  private int ticks;

  private static final class Step {
    final String name;
    State state = State.PENDING;
    Instant start;
    Instant end;
    String detail = "";

    Step(String name) {
      this.name = name;
    }
  }

  UpProgress(TypicalDurations typical, WaitLevel wait, Clock clock) {
    this.typical = typical;
    this.clock = clock;
    this.began = clock.instant();
    for (String s : TypicalDurations.STEPS) {
      steps.put(s, new Step(s));
      if (wait == WaitLevel.NONE && s.equals(LabStep.HOST.wire())
          || wait == WaitLevel.INFRASTRUCTURE && s.equals(LabStep.RUNNING.wire())) {
        break;
      }
    }
  }

  synchronized void renderTo(Renderer r) {
    this.renderer = r;
  }

  @Override
  public void onEvent(LabEvent e) {
    String line;
    synchronized (this) {
      line = apply(e);
    }
    if (line != null) {
      renderer.changed(line);
    }
  }

  private String apply(LabEvent e) {
    Step s = steps.get(e.step());
    String at = "[" + clock(Duration.between(began, e.at())) + "] ";
    if (e.kind() == LabEvent.Kind.INFO) {
      if (e.step().equals(LabStep.BOOTSTRAP.wire())) {
        return at + "bootstrap: " + boot(e.detail(), e.at()) + bootSummary(e.at());
      }
      note = e.step() + ": " + e.detail();
      return at + note;
    }
    if (s == null && e.step().equals(LabStep.CREATE.wire()) && e.kind() == LabEvent.Kind.END) {
      // The lab is ready: a step that never ran was not needed (no SSH to the fake's hosts).
      for (Step pending : steps.values()) {
        if (pending.state == State.PENDING) {
          pending.state = State.SKIPPED;
        }
      }
    }
    if (s == null) {
      // Steps outside creation (create as a whole; destroy after Ctrl-C): one plain line.
      return switch (e.kind()) {
        case START -> e.step().equals(LabStep.CREATE.wire()) ? null : at + e.step() + ": started";
        case END ->
            e.step().equals(LabStep.CREATE.wire()) ? null : at + e.step() + ": " + e.detail();
        default -> at + e.step() + ": FAILED: " + e.detail();
      };
    }
    switch (e.kind()) {
      case START -> {
        s.state = State.RUNNING;
        s.start = e.at();
        s.end = null;
        return at + s.name + ": started (typically " + human(typical.step(s.name)) + ")";
      }
      case END -> {
        s.state = State.DONE;
        s.end = e.at();
        s.detail = e.detail();
        return at
            + s.name
            + ": done in "
            + clock(took(s, e.at()))
            + (e.detail().isEmpty() ? "" : " - " + e.detail());
      }
      default -> {
        s.state = State.FAILED;
        s.end = e.at();
        s.detail = e.detail();
        return at + s.name + ": FAILED after " + clock(took(s, e.at())) + ": " + e.detail();
      }
    }
  }

  private static Duration took(Step s, Instant now) {
    return s.start == null ? Duration.ZERO : Duration.between(s.start, now);
  }

  /** Applies one bootstrap line ({@code esxi-install (esx-01) done}) and says it back. */
  private String boot(String detail, Instant at) {
    Matcher m = BOOT.matcher(detail);
    if (!m.lookingAt()) {
      return detail;
    }
    BootstrapStep step = BootstrapStep.of(m.group(1), m.group(2));
    switch (m.group(3)) {
      case "start" -> {
        bootCurrent = step;
        bootCurrentSince = at;
      }
      case "done" -> {
        bootDone.add(step);
        if (step.equals(bootCurrent)) {
          bootCurrent = null;
        }
      }
      default -> bootCurrent = step;
    }
    return detail;
  }

  private String bootSummary(Instant now) {
    List<BootstrapStep> expected = typical.boot();
    if (expected.isEmpty()) {
      return "";
    }
    return " ("
        + Math.min(doneOf(expected), expected.size())
        + "/"
        + expected.size()
        + ", about "
        + human(remaining(now))
        + " left)";
  }

  private int doneOf(List<BootstrapStep> expected) {
    int n = 0;
    for (BootstrapStep s : expected) {
      if (bootDone.contains(s)) {
        n++;
      }
    }
    return n;
  }

  /** What is left by typical durations, from {@code now}. */
  synchronized Duration remaining(Instant now) {
    Duration left = Duration.ZERO;
    for (Step s : steps.values()) {
      left = left.plus(remaining(s, now));
    }
    return left;
  }

  private Duration remaining(Step s, Instant now) {
    return switch (s.state) {
      case DONE, FAILED, SKIPPED -> Duration.ZERO;
      case PENDING -> typical.step(s.name);
      case RUNNING -> {
        if (s.name.equals(LabStep.BOOTSTRAP.wire())) {
          Duration left = typical.remainingBoot(bootDone);
          if (bootCurrent != null && bootCurrentSince != null) {
            Duration inPhase = Duration.between(bootCurrentSince, now);
            Duration phase = typical.phase(bootCurrent);
            left = left.minus(inPhase.compareTo(phase) > 0 ? phase : inPhase);
          }
          yield left.isNegative() ? Duration.ZERO : left;
        }
        Duration left = typical.step(s.name).minus(Duration.between(s.start, now));
        yield left.isNegative() ? Duration.ZERO : left;
      }
    };
  }

  /** The board as it stands at {@code now}: a line per step, then the totals. */
  synchronized List<String> lines(Instant now) {
    List<String> out = new ArrayList<>();
    ticks++;
    for (Step s : steps.values()) {
      String mark =
          switch (s.state) {
            case PENDING -> "  ";
            case RUNNING -> SPINNER[ticks % SPINNER.length] + " ";
            case DONE -> "ok";
            case FAILED -> "!!";
            case SKIPPED -> "--";
          };
      StringBuilder b = new StringBuilder(" ").append(mark).append(' ');
      b.append(String.format(Locale.ROOT, "%-15s", s.name));
      switch (s.state) {
        case PENDING -> b.append("          typically ").append(human(typical.step(s.name)));
        case SKIPPED -> b.append("          not needed");
        case DONE ->
            b.append(String.format(Locale.ROOT, "%8s", clock(took(s, s.end))))
                .append("  ")
                .append(s.detail);
        case FAILED ->
            b.append(String.format(Locale.ROOT, "%8s", clock(took(s, s.end))))
                .append("  FAILED: ")
                .append(s.detail);
        case RUNNING -> {
          Duration elapsed = took(s, now);
          Duration left = remaining(s, now);
          b.append(String.format(Locale.ROOT, "%8s", clock(elapsed))).append("  ");
          b.append(bar(elapsed, left)).append(' ');
          if (s.name.equals(LabStep.BOOTSTRAP.wire())) {
            List<BootstrapStep> expected = typical.boot();
            if (!expected.isEmpty()) {
              b.append(doneOf(expected)).append('/').append(expected.size()).append(' ');
            }
            if (bootCurrent != null) {
              b.append(bootCurrent).append(' ');
            }
          }
          if (!left.isZero()) {
            b.append("about ").append(human(left)).append(" left");
          } else if (!typical.step(s.name).isZero()) {
            // Late only against a typical time: a step known to be instant is simply running.
            b.append("taking longer than usual");
          }
        }
      }
      out.add(b.toString());
    }
    Duration left = remaining(now);
    out.add(
        "    elapsed "
            + clock(Duration.between(began, now))
            + (left.isZero() ? "" : ", about " + human(left) + " left (typical durations)")
            + (note == null ? "" : "; " + note));
    return out;
  }

  private static String bar(Duration elapsed, Duration left) {
    long total = elapsed.toMillis() + left.toMillis();
    int filled = total == 0 ? BAR : (int) Math.min(BAR, elapsed.toMillis() * BAR / total);
    return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
  }

  /** {@code 0:05}, {@code 12:03}, {@code 1:02:03}. */
  static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** {@code 5s}, {@code 12 min}, {@code 1 h 05 min}. */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    long m = (s + 30) / 60;
    return m < 60
        ? m + " min"
        : m / 60 + " h " + String.format(Locale.ROOT, "%02d", m % 60) + " min";
  }
}
