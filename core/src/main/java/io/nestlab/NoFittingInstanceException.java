package io.nestlab;

/** No instance type in the allowed providers, regions and markets can carry the lab. */
public class NoFittingInstanceException extends NestLabException {
  private static final long serialVersionUID = 1L;

  public NoFittingInstanceException(String message) {
    super(message);
  }
}
