package io.nestlab.state;

/** No lab with that id is recorded in the state store. */
public class UnknownLabException extends LabStateException {
  private static final long serialVersionUID = 1L;

  public UnknownLabException(String message) {
    super(message);
  }
}
