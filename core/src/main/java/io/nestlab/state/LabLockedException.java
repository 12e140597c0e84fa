package io.nestlab.state;

/** Another process (or thread) is driving the lab right now. */
public class LabLockedException extends LabStateException {
  private static final long serialVersionUID = 1L;

  public LabLockedException(String message) {
    super(message);
  }
}
