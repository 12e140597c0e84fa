package io.nestlab;

/** The provider has no capacity for the requested instance type in that zone right now. */
public class CapacityException extends ProviderException {
  private static final long serialVersionUID = 1L;

  public CapacityException(
      String provider, String code, String requestId, String message, Throwable cause) {
    super(provider, code, requestId, true, false, message, cause);
  }
}
