package io.nestlab.samples.cli;

import io.nestlab.spec.LabSpec;
import java.nio.file.Path;

/**
 * A lab file read before the catalog is waited for, so the main thread reads and validates it while
 * the second thread is still reading the catalog ({@link Preload}; docs/design/0200). A failure is
 * kept and thrown by {@link #get()}, where the command read the file before: errors in its options
 * are still reported first.
 */
final class EarlyLab {
  private final LabSpec lab;
  private final RuntimeException failure;

  private EarlyLab(LabSpec lab, RuntimeException failure) {
    this.lab = lab;
    this.failure = failure;
  }

  /** Reads {@code file} now. */
  static EarlyLab read(Path file) {
    try {
      return new EarlyLab(LabsAhead.read(file), null);
    } catch (RuntimeException e) {
      return new EarlyLab(null, e);
    }
  }

  /** The lab, or the failure reading it. */
  LabSpec get() {
    if (failure != null) {
      throw failure;
    }
    return lab;
  }
}
