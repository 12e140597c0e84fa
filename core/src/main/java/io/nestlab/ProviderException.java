package io.nestlab;

/**
 * A cloud provider refused or failed a request. Vendor exceptions are translated into this type
 * once, at the provider boundary, with the original as the cause.
 */
public class ProviderException extends NestLabException {
  private static final long serialVersionUID = 1L;

  private final String provider;
  private final String code;
  private final String requestId;
  private final boolean retryable;
  private final boolean throttled;

  public ProviderException(
      String provider,
      String code,
      String requestId,
      boolean retryable,
      boolean throttled,
      String message,
      Throwable cause) {
    super(
        provider
            + ": "
            + message
            + (code == null ? "" : " [" + code + "]")
            + (requestId == null ? "" : " (request " + requestId + ")"),
        cause);
    this.provider = provider;
    this.code = code;
    this.requestId = requestId;
    this.retryable = retryable;
    this.throttled = throttled;
  }

  /** The provider id, for example {@code aws}. */
  public String provider() {
    return provider;
  }

  /** The provider's error code, for example {@code InsufficientInstanceCapacity}; may be null. */
  public String code() {
    return code;
  }

  /** The provider's request id, for support cases; may be null. */
  public String requestId() {
    return requestId;
  }

  /** Whether the same request may succeed when repeated later. */
  public boolean retryable() {
    return retryable;
  }

  /** Whether the provider refused the request because of its rate limits. */
  public boolean throttled() {
    return throttled;
  }
}
