package io.nestlab.gcp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import io.nestlab.CapacityException;
import io.nestlab.ProviderException;
import io.nestlab.QuotaException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates Compute Engine failures (HTTP errors raised by the client, and errors carried by a
 * finished operation) into NestLab's exceptions, once, with messages that name the fix.
 */
public final class GcpErrors {
  public static final String PROVIDER = "gcp";
  public static final String NESTED_POLICY = "constraints/compute.disableNestedVirtualization";
  private static final Pattern QUOTA =
      Pattern.compile(
          "Quota '([A-Z0-9_]+)' exceeded\\.\\s*Limit: ([0-9.]+) in region ([a-z0-9-]+)");
  private static final Pattern PERMISSION = Pattern.compile("'(compute\\.[a-zA-Z]+\\.[a-zA-Z]+)'");

  private static final ObjectMapper JSON = new ObjectMapper();

  private GcpErrors() {}

  /** Whether a failed call may be repeated after a pause (429, rate limits, 5xx). */
  public static boolean throttled(ApiException e) {
    return e.getStatusCode().getCode() == StatusCode.Code.RESOURCE_EXHAUSTED
        || detail(e).contains("rateLimitExceeded");
  }

  public static boolean transientServer(ApiException e) {
    StatusCode.Code c = e.getStatusCode().getCode();
    return c == StatusCode.Code.UNAVAILABLE || c == StatusCode.Code.INTERNAL;
  }

  public static boolean notFound(ApiException e) {
    return e.getStatusCode().getCode() == StatusCode.Code.NOT_FOUND;
  }

  public static boolean alreadyExists(ApiException e) {
    return e.getStatusCode().getCode() == StatusCode.Code.ALREADY_EXISTS
        || detail(e).contains("alreadyExists");
  }

  /** A client-side failure of {@code what} in {@code project}, as a NestLab exception. */
  public static ProviderException translate(ApiException e, String what, String project) {
    String msg = detail(e);
    StatusCode.Code code = e.getStatusCode().getCode();
    if (msg.contains(NESTED_POLICY)) {
      return nestedPolicy(project, msg, e);
    }
    if (isCapacity(msg)) {
      return new CapacityException(
          PROVIDER, "ZONE_RESOURCE_POOL_EXHAUSTED", null, what + ": " + msg, e);
    }
    if (msg.contains("QUOTA_EXCEEDED") || QUOTA.matcher(msg).find()) {
      return quota("QUOTA_EXCEEDED", msg, project, e);
    }
    if (alreadyExists(e)) {
      return new ProviderException(
          PROVIDER, "ALREADY_EXISTS", null, false, false, what + ": " + msg, e);
    }
    switch (code) {
      case UNAUTHENTICATED:
        return new ProviderException(
            PROVIDER,
            "UNAUTHENTICATED",
            null,
            false,
            false,
            what
                + ": the credentials were refused ("
                + msg
                + "); run 'gcloud auth application-default login' or pass --provider-opt"
                + " credentials-file=<service-account key>",
            e);
      case PERMISSION_DENIED:
        Matcher p = PERMISSION.matcher(msg);
        String perm = p.find() ? p.group(1) : null;
        return new ProviderException(
            PROVIDER,
            "PERMISSION_DENIED",
            null,
            false,
            false,
            what
                + ": permission denied in project "
                + project
                + (perm == null ? "" : " (needs " + perm + ")")
                + "; grant the role in docs/providers/gcp.md (roles/compute.instanceAdmin.v1 and"
                + " roles/compute.networkAdmin, or the custom role listed there): "
                + msg,
            e);
      case RESOURCE_EXHAUSTED:
        return new ProviderException(
            PROVIDER,
            "RATE_LIMIT_EXCEEDED",
            null,
            true,
            true,
            what + ": Compute Engine is throttling requests; retry later (" + msg + ")",
            e);
      default:
        return new ProviderException(
            PROVIDER,
            code.name(),
            null,
            e.isRetryable() || code == StatusCode.Code.UNAVAILABLE,
            false,
            what + ": " + msg,
            e);
    }
  }

  /** The error a finished operation carries, as a NestLab exception. */
  public static ProviderException fromOperation(
      String errorCode, String message, String operationName, String what, String project) {
    String msg = clean(message);
    if (isCapacity(errorCode) || isCapacity(msg)) {
      return new CapacityException(PROVIDER, errorCode, operationName, what + ": " + msg, null);
    }
    if (errorCode.contains("QUOTA") || QUOTA.matcher(msg).find()) {
      return quota(errorCode, msg, project, null);
    }
    if (msg.contains(NESTED_POLICY)) {
      return nestedPolicy(project, msg, null);
    }
    return new ProviderException(
        PROVIDER, errorCode, operationName, false, false, what + ": " + msg, null);
  }

  private static boolean isCapacity(String text) {
    return text.contains("ZONE_RESOURCE_POOL_EXHAUSTED")
        || text.contains("does not have enough resources available")
        || text.contains("STOCKOUT");
  }

  private static QuotaException quota(String code, String msg, String project, Throwable cause) {
    Matcher m = QUOTA.matcher(msg);
    String fix =
        m.find()
            ? "quota "
                + m.group(1)
                + " in "
                + m.group(3)
                + " is "
                + m.group(2)
                + "; request more at https://console.cloud.google.com/iam-admin/quotas?project="
                + project
                + " (filter: "
                + m.group(1)
                + "), or choose a smaller machine type or another region"
            : "request a quota increase at https://console.cloud.google.com/iam-admin/quotas?project="
                + project;
    return new QuotaException(PROVIDER, code, null, msg + "; " + fix, cause);
  }

  private static ProviderException nestedPolicy(String project, String msg, Throwable cause) {
    return new ProviderException(
        PROVIDER,
        NESTED_POLICY,
        null,
        false,
        false,
        "the organisation policy "
            + NESTED_POLICY
            + " forbids nested virtualization in project "
            + project
            + "; ask an organisation-policy administrator to exempt the project (gcloud"
            + " resource-manager org-policies disable-enforce "
            + NESTED_POLICY
            + " --project="
            + project
            + "), or choose a bare-metal plan option (c3-*-metal) ("
            + msg
            + ")",
        cause);
  }

  /**
   * The server's own error text and reason. The HTTP/JSON client keeps only the HTTP reason phrase
   * in the exception message; the error body ({@code {"error": {"message": ..., "errors":
   * [{"reason": ...}]}}}) travels in a cause's message.
   */
  static String detail(ApiException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      int at = m == null ? -1 : m.indexOf("{");
      if (at >= 0) {
        try {
          JsonNode error = JSON.readTree(m.substring(at)).path("error");
          if (error.has("message")) {
            String reason = error.path("errors").path(0).path("reason").asText("");
            return clean(error.get("message").asText())
                + (reason.isEmpty() ? "" : " (reason: " + reason + ")");
          }
        } catch (IOException notJson) {
          // not an error body; keep looking
        }
      }
    }
    return clean(e.getMessage());
  }

  /** The API message without the client's transport prefix. */
  private static String clean(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").trim();
  }
}
