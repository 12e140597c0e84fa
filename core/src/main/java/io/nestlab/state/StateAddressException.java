package io.nestlab.state;

/**
 * The state address itself is wrong: empty, of a scheme NestLab does not know, a malformed
 * PostgreSQL address, or given twice. Invalid input, not a problem of any lab: the CLI exits 1 for
 * it (docs/cli.md, design 0204). The message never quotes a password.
 */
public class StateAddressException extends LabStateException {
  private static final long serialVersionUID = 1L;

  public StateAddressException(String message) {
    super(message);
  }
}
