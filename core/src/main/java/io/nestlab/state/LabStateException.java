package io.nestlab.state;

import io.nestlab.NestLabException;

/** A lab, or its persisted state, is not as the caller expected: unknown, locked, unreadable. */
public class LabStateException extends NestLabException {
  private static final long serialVersionUID = 1L;

  public LabStateException(String message) {
    super(message);
  }

  public LabStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
