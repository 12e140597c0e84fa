package io.nestlab.bootstrap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows an L1 host's bootstrap from its serial console. Feed it console text as often as the
 * provider returns it ({@link #accept}); the same line seen twice (consoles return overlapping
 * windows) counts once. It knows the state of every step, whether the lab is ready, the first
 * failure, and the SSH host key fingerprints cloud-init printed, so the engine can verify the
 * host's key before its first SSH connection. Thread-safe.
 */
public final class ProgressTracker {
  private static final Pattern FINGERPRINT =
      Pattern.compile("(\\d+) (SHA256:[A-Za-z0-9+/=]+) .*\\(([A-Z0-9-]+)\\)\\s*$");

  private final List<BootstrapStep> expected;
  private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final Map<BootstrapStep, ProgressLine> latest = new LinkedHashMap<>();
  private final Map<String, String> fingerprints = new LinkedHashMap<>();
  private ProgressLine ready;
  private ProgressLine failure;
  private ProgressLine last;

  private ProgressTracker(List<BootstrapStep> expected) {
    this.expected = List.copyOf(expected);
  }

  /** A tracker that knows which steps to expect (from {@link RenderedBootstrap#steps()}). */
  public static ProgressTracker of(List<BootstrapStep> expected) {
    return new ProgressTracker(expected);
  }

  /** A tracker without a list of expected steps. */
  public static ProgressTracker create() {
    return new ProgressTracker(List.of());
  }

  public ProgressTracker addListener(ProgressListener listener) {
    listeners.add(listener);
    return this;
  }

  /**
   * Reads console text (any number of lines, with other output mixed in) and returns the protocol
   * lines not seen before, in order.
   */
  public List<ProgressLine> accept(String consoleText) {
    List<ProgressLine> fresh = new ArrayList<>();
    synchronized (this) {
      boolean inFingerprints = false;
      for (String raw : consoleText.split("\\R")) {
        if (raw.contains("BEGIN SSH HOST KEY FINGERPRINTS")) {
          inFingerprints = true;
          continue;
        }
        if (raw.contains("END SSH HOST KEY FINGERPRINTS")) {
          inFingerprints = false;
          continue;
        }
        if (inFingerprints) {
          Matcher m = FINGERPRINT.matcher(raw);
          if (m.find()) {
            fingerprints.put(m.group(3), m.group(2));
          }
          continue;
        }
        Optional<ProgressLine> parsed = ProgressLine.tryParse(raw);
        if (parsed.isEmpty() || !seen.add(parsed.get().format())) {
          continue;
        }
        ProgressLine line = parsed.get();
        fresh.add(line);
        latest.put(line.step(), line);
        last = line;
        if (line.isReady()) {
          ready = line;
        } else if (line.status() == ProgressStatus.FAILED && failure == null) {
          failure = line;
        }
      }
    }
    for (ProgressLine line : fresh) {
      notifyListeners(line);
    }
    return fresh;
  }

  private void notifyListeners(ProgressLine line) {
    for (ProgressListener l : listeners) {
      try {
        if (line.isReady()) {
          l.onReady(line);
        } else {
          switch (line.status()) {
            case START -> l.onStart(line);
            case DONE -> l.onDone(line);
            case FAILED -> l.onFailed(line);
          }
        }
      } catch (RuntimeException e) {
        // A failing listener never breaks provisioning.
      }
    }
  }

  /** Whether the final ready line has arrived. */
  public synchronized boolean isReady() {
    return ready != null;
  }

  /** The first failed step, if any. */
  public synchronized Optional<ProgressLine> failure() {
    return Optional.ofNullable(failure);
  }

  /** The most recent protocol line, if any. */
  public synchronized Optional<ProgressLine> last() {
    return Optional.ofNullable(last);
  }

  /** The latest status of a step, if it has reported. */
  public synchronized Optional<ProgressStatus> status(BootstrapStep step) {
    ProgressLine l = latest.get(step);
    return l == null ? Optional.empty() : Optional.of(l.status());
  }

  /** How many of the expected steps are done (steps not in the expected list do not count). */
  public synchronized int doneCount() {
    int n = 0;
    for (BootstrapStep s : expected) {
      ProgressLine l = latest.get(s);
      if (l != null && l.status() == ProgressStatus.DONE) {
        n++;
      }
    }
    return n;
  }

  public List<BootstrapStep> expected() {
    return expected;
  }

  /**
   * The SSH host key fingerprints the host printed, by key type ({@code ED25519} to {@code
   * SHA256:...}).
   */
  public synchronized Map<String, String> hostKeyFingerprints() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(fingerprints));
  }
}
