package io.nestlab.bootstrap;

import java.util.Objects;
import java.util.Optional;

/**
 * One step the L1 host reports, as it appears in progress lines: a phase, and the host (ESXi host
 * or guest) it works on, if any.
 *
 * @param phase for example {@code esxi-install}
 * @param host for example {@code esx-01}, or null for a lab-wide step
 */
public record BootstrapStep(String phase, String host) {
  public BootstrapStep {
    Objects.requireNonNull(phase, "phase");
  }

  public static BootstrapStep of(String phase) {
    return new BootstrapStep(phase, null);
  }

  public static BootstrapStep of(String phase, String host) {
    return new BootstrapStep(phase, host);
  }

  public Optional<String> hostIfPresent() {
    return Optional.ofNullable(host);
  }

  @Override
  public String toString() {
    return host == null ? phase : phase + " " + host;
  }
}
