package io.nestlab.state;

/**
 * This runner's lease on a lab ended and another runner took the lab over, so the write was refused
 * (the fencing token no longer matches). Nothing was written; the other runner drives the lab now.
 */
public class LeaseLostException extends LabLockedException {
  private static final long serialVersionUID = 1L;

  public LeaseLostException(String message) {
    super(message);
  }
}
