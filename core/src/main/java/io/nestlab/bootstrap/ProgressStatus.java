package io.nestlab.bootstrap;

import java.util.Locale;
import java.util.Optional;

/** The status word of a progress line. */
public enum ProgressStatus {
  START,
  DONE,
  FAILED;

  /** The word on the wire: {@code start}, {@code done}, {@code failed}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ProgressStatus> fromWire(String word) {
    for (ProgressStatus s : values()) {
      if (s.wire().equals(word)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
