package io.nestlab.state;

/**
 * The state store cannot be used at all: its database does not answer, refuses the connection or
 * the credentials, or has no such database. An environment problem, not a problem of any lab: the
 * CLI exits 2 for it, as for a network error (docs/cli.md, design 0202). The message names the
 * address (never its password) and what to check.
 */
public class StateStoreUnavailableException extends LabStateException {
  private static final long serialVersionUID = 1L;

  public StateStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
