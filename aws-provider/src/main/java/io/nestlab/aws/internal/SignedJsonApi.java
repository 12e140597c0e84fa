package io.nestlab.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * One AWS JSON 1.1 API whose SDK module this build does not have (the Price List, Service Quotas),
 * called with the provider's own SDK HTTP client and the SDK's SigV4 signer. Throttling, 5xx and
 * I/O errors are retried with exponential back-off; other errors become a {@link ProviderException}
 * carrying AWS's error code and naming the IAM action when access was denied.
 */
public final class SignedJsonApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final URI endpoint;
  private final String signingName;
  private final String signingRegion;
  private final String targetPrefix;
  private final String label;
  private final int maxAttempts;
  private final Duration backoff;

  /**
   * @param signingName the SigV4 service name, which is also the IAM action prefix ({@code
   *     pricing}, {@code servicequotas})
   * @param targetPrefix the {@code X-Amz-Target} prefix, for example {@code AWSPriceListService}
   * @param label how messages name the API, for example {@code the AWS Price List}
   */
  public SignedJsonApi(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      URI endpoint,
      String signingName,
      String signingRegion,
      String targetPrefix,
      String label,
      int maxAttempts,
      Duration backoff) {
    this.http = http;
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.signingName = signingName;
    this.signingRegion = signingRegion;
    this.targetPrefix = targetPrefix;
    this.label = label;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
  }

  /** Calls {@code operation} with {@code body}; answers the response's JSON. */
  public JsonNode call(String operation, ObjectNode body) {
    byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
    for (int attempt = 1; ; attempt++) {
      Reply reply;
      try {
        reply = send(operation, payload);
      } catch (IOException e) {
        if (attempt < maxAttempts) {
          pause(attempt);
          continue;
        }
        throw new ProviderException(
            AwsErrors.PROVIDER,
            null,
            null,
            true,
            false,
            label + " at " + endpoint + " could not be reached: " + e.getMessage(),
            e);
      }
      int status = reply.status();
      String requestId = reply.requestId();
      JsonNode json = parse(reply.text(), status == 200);
      if (status == 200) {
        return json;
      }
      String type = json.path("__type").asText("");
      String code = type.contains("#") ? type.substring(type.indexOf('#') + 1) : type;
      boolean throttled = status == 429 || code.contains("Throttling");
      if ((throttled || status >= 500) && attempt < maxAttempts) {
        pause(attempt);
        continue;
      }
      boolean denied = status == 403 || code.startsWith("AccessDenied");
      String message = json.path("message").asText(json.path("Message").asText(""));
      throw new ProviderException(
          AwsErrors.PROVIDER,
          code.isEmpty() ? null : code,
          requestId,
          throttled || status >= 500,
          throttled,
          label
              + " refused "
              + operation
              + " with HTTP "
              + status
              + (message.isEmpty() ? "" : ": " + message)
              + (denied ? "; the credentials need " + signingName + ":" + operation : ""),
          null);
    }
  }

  /** One HTTP answer: its status, body and request id. */
  private record Reply(int status, String text, String requestId) {}

  /** Signs and sends one request. */
  private Reply send(String operation, byte[] payload) throws IOException {
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .encodedPath("/")
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", targetPrefix + "." + operation)
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials.resolveCredentials())
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(payload))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, signingName)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion));
    HttpExecuteResponse response =
        http.prepareRequest(
                HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build())
            .call();
    int status = response.httpResponse().statusCode();
    String requestId = response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null);
    try (InputStream in =
        response
            .responseBody()
            .map(InputStream.class::cast)
            .orElse(InputStream.nullInputStream())) {
      return new Reply(status, new String(in.readAllBytes(), StandardCharsets.UTF_8), requestId);
    }
  }

  private JsonNode parse(String text, boolean success) {
    try {
      return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      if (!success) {
        // An error page that is not JSON (a proxy, a wrong endpoint): its status says enough.
        return JSON.createObjectNode();
      }
      throw new ProviderException(
          AwsErrors.PROVIDER, null, null, false, false, label + " answered no JSON", e);
    }
  }

  private void pause(int attempt) {
    try {
      Thread.sleep(backoff.toMillis() * (1L << Math.min(attempt - 1, 6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(
          AwsErrors.PROVIDER, null, null, false, false, "interrupted while calling " + label, e);
    }
  }
}
