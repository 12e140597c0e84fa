package io.nestlab.spi;

import java.util.List;

/** The result of a provider's no-cost checks before a launch. */
public record PreflightReport(String provider, List<Check> checks) {
  public PreflightReport {
    checks = List.copyOf(checks);
  }

  /** True when no check failed (warnings allowed). */
  public boolean ok() {
    return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
  }

  public enum Status {
    OK,
    WARN,
    FAIL
  }

  /**
   * One check: {@code name} says what was checked, {@code detail} what was found and, on failure,
   * what to do.
   */
  public record Check(String name, Status status, String detail) {}
}
