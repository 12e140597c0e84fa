package io.nestlab.aws.internal;

import io.nestlab.CapacityException;
import io.nestlab.NestLabException;
import io.nestlab.ProviderException;
import io.nestlab.QuotaException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates AWS SDK exceptions into NestLab's, once, at the provider boundary. Messages say what
 * to do; the original exception is kept as the cause.
 */
public final class AwsErrors {
  public static final String PROVIDER = "aws";

  static final Set<String> CAPACITY =
      Set.of(
          "InsufficientInstanceCapacity",
          "InsufficientHostCapacity",
          "InsufficientCapacity",
          "InsufficientReservedInstanceCapacity");
  static final Set<String> THROTTLED =
      Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException", "TooManyRequests");
  static final Set<String> AUTH =
      Set.of(
          "AuthFailure",
          "UnauthorizedOperation",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "ExpiredTokenException",
          "AccessDenied",
          "AccessDeniedException",
          "OptInRequired",
          "UnrecognizedClientException");

  private AwsErrors() {}

  /** Runs one AWS call, translating its failure; {@code what} names the action for messages. */
  public static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(what, e);
    }
  }

  /** Runs one AWS call that returns nothing, translating its failure. */
  public static void run(String what, Runnable call) {
    call(
        what,
        () -> {
          call.run();
          return null;
        });
  }

  /** The AWS error code of {@code e}, or null when it has none. */
  public static String code(Throwable e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      return a.awsErrorDetails().errorCode();
    }
    return null;
  }

  /** True when {@code e} carries an AWS error code that is one of {@code codes}. */
  public static boolean hasCode(Throwable e, Set<String> codes) {
    String c = code(e);
    return c != null && codes.contains(c);
  }

  /** Translates one SDK exception. */
  public static NestLabException translate(String what, SdkException e) {
    if (e instanceof AwsServiceException a) {
      return service(what, a);
    }
    if (e instanceof SdkClientException c) {
      return new ProviderException(
          PROVIDER,
          null,
          null,
          true,
          false,
          what
              + " failed: "
              + c.getMessage()
              + "; check the network, the region and any endpoint override, and that AWS"
              + " credentials are configured",
          c);
    }
    return new ProviderException(
        PROVIDER, null, null, false, false, what + " failed: " + e.getMessage(), e);
  }

  /** An error AWS answered with: by its code, the right exception and what to do. */
  private static NestLabException service(String what, AwsServiceException a) {
    String code = code(a);
    String requestId = a.requestId();
    String msg =
        a.awsErrorDetails() != null && a.awsErrorDetails().errorMessage() != null
            ? a.awsErrorDetails().errorMessage()
            : a.getMessage();
    String base = what + " failed: " + msg;
    if (code == null) {
      return new ProviderException(PROVIDER, null, requestId, a.retryable(), false, base, a);
    }
    if (CAPACITY.contains(code)) {
      return new CapacityException(
          PROVIDER,
          code,
          requestId,
          base
              + "; AWS has no capacity for this type there now: try another zone, another"
              + " instance type or region, or later",
          a);
    }
    if (code.equals("VcpuLimitExceeded")
        || code.equals("InstanceLimitExceeded")
        || code.equals("MaxSpotInstanceCountExceeded")) {
      return new QuotaException(
          PROVIDER,
          code,
          requestId,
          base
              + "; raise the EC2 quota 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z)"
              + " instances' (L-1216C47A) or, for Spot, L-34B43A08 in Service Quotas for this"
              + " region, or pick a smaller instance type",
          a);
    }
    if (code.endsWith("LimitExceeded") && !THROTTLED.contains(code)) {
      return new QuotaException(
          PROVIDER,
          code,
          requestId,
          base
              + "; an account limit was reached: delete unused resources of this kind or ask"
              + " AWS to raise the limit in Service Quotas",
          a);
    }
    if (THROTTLED.contains(code)) {
      return new ProviderException(
          PROVIDER,
          code,
          requestId,
          true,
          true,
          base
              + "; AWS throttled the requests even after retries: wait a minute and try again,"
              + " or raise maxAttempts",
          a);
    }
    if (AUTH.contains(code)) {
      return new ProviderException(
          PROVIDER,
          code,
          requestId,
          false,
          false,
          base
              + "; check the credentials (profile, accessKeyId/secretAccessKey or the"
              + " environment) and that the IAM policy in docs/providers/aws.md is attached",
          a);
    }
    return new ProviderException(PROVIDER, code, requestId, a.retryable(), false, base, a);
  }
}
