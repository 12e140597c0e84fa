package io.nestlab;

import java.time.Duration;

/** A bounded wait ran out before the awaited condition held. */
public class NestLabTimeoutException extends NestLabException {
  private static final long serialVersionUID = 1L;

  private final Duration waited;

  public NestLabTimeoutException(String what, Duration waited) {
    super("timed out after " + waited.toSeconds() + " s waiting for " + what);
    this.waited = waited;
  }

  public Duration waited() {
    return waited;
  }
}
