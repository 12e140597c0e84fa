package io.nestlab;

/** The account's quota does not allow the request; the message names the quota to raise. */
public class QuotaException extends ProviderException {
  private static final long serialVersionUID = 1L;

  public QuotaException(
      String provider, String code, String requestId, String message, Throwable cause) {
    super(provider, code, requestId, false, false, message, cause);
  }
}
