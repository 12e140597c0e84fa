package io.nestlab;

import java.util.List;

/**
 * A multi-step operation failed after creating some resources. Names what exists, so the user (or
 * {@code destroy}) can clean it up.
 */
public class PartialFailureException extends NestLabException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> created;

  public PartialFailureException(String message, List<String> created, Throwable cause) {
    super(
        message
            + (created.isEmpty()
                ? "; nothing was created"
                : "; created so far: " + String.join(", ", created)),
        cause);
    this.created = List.copyOf(created);
  }

  /** Descriptions of what was created before the failure, in creation order. */
  public List<String> created() {
    return created;
  }
}
