package io.nestlab;

/**
 * The one root of every exception NestLab throws. Unchecked: callers decide where to handle it.
 * Messages say what was wrong, where, and what to do about it; they never contain secrets.
 */
public class NestLabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NestLabException(String message) {
    super(message);
  }

  public NestLabException(String message, Throwable cause) {
    super(message, cause);
  }
}
