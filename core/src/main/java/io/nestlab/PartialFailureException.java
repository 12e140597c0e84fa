package io.nestlab;

import java.util.List;

/**
 * A multi-step operation failed after creating some resources. Names what exists, so the user (or
 * {@code destroy}) can clean it up.
 */
public class PartialFailureException extends NestLabException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> created;
  private final String failedStep;

  public PartialFailureException(String message, List<String> created, Throwable cause) {
    this(message, null, created, cause);
  }

  /**
   * A failure at a named step of an operation ({@code failedStep}: the journal's wire name, such as
   * {@code preflight}), so callers can tell a refusal before spending from a later failure.
   */
  public PartialFailureException(
      String message, String failedStep, List<String> created, Throwable cause) {
    super(
        message
            + (created.isEmpty()
                ? "; nothing was created"
                : "; created so far: " + String.join(", ", created)),
        cause);
    this.created = List.copyOf(created);
    this.failedStep = failedStep;
  }

  /** The step that failed (the journal's wire name, such as {@code preflight}), when known. */
  public java.util.Optional<String> failedStep() {
    return java.util.Optional.ofNullable(failedStep);
  }

  /** Descriptions of what was created before the failure, in creation order. */
  public List<String> created() {
    return created;
  }
}
