package io.nestlab.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.ProviderException;
import io.nestlab.cost.Money;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
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
 * The AWS Price List Query API ({@code AWSPriceListService.GetProducts}, JSON 1.1), called with the
 * SDK's own HTTP client and SigV4 signer because the SDK's {@code pricing} module is not available
 * to this build. Answers the on-demand Linux, shared-tenancy hourly price of one type.
 */
public final class PriceListClient {
  /** The Price List API lives in us-east-1 (and a few others); prices cover every region. */
  public static final String SIGNING_REGION = "us-east-1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final URI endpoint;
  private final int maxAttempts;
  private final Duration backoff;

  public PriceListClient(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      URI endpoint,
      int maxAttempts,
      Duration backoff) {
    this.http = http;
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
  }

  /** The on-demand price per hour of {@code instanceType} in {@code region}, if AWS lists one. */
  public Optional<Money> onDemandHourly(String region, String instanceType) {
    String next = null;
    int pages = 0;
    do {
      ObjectNode body = body(region, instanceType, next);
      JsonNode page = call(body);
      for (JsonNode item : page.path("PriceList")) {
        JsonNode product;
        try {
          product = item.isTextual() ? JSON.readTree(item.asText()) : item;
        } catch (IOException e) {
          throw new ProviderException(
              AwsErrors.PROVIDER,
              null,
              null,
              false,
              false,
              "the Price List answered a product that is not JSON",
              e);
        }
        Optional<Money> price = hourly(product);
        if (price.isPresent()) {
          return price;
        }
      }
      next = page.path("NextToken").isTextual() ? page.path("NextToken").asText() : null;
      pages++;
    } while (next != null && !next.isEmpty() && pages < 20);
    return Optional.empty();
  }

  static ObjectNode body(String region, String instanceType, String nextToken) {
    ObjectNode body = JSON.createObjectNode();
    body.put("ServiceCode", "AmazonEC2");
    body.put("FormatVersion", "aws_v1");
    body.put("MaxResults", 100);
    ArrayNode filters = body.putArray("Filters");
    term(filters, "instanceType", instanceType);
    term(filters, "regionCode", region);
    term(filters, "operatingSystem", "Linux");
    term(filters, "tenancy", "Shared");
    term(filters, "preInstalledSw", "NA");
    term(filters, "capacitystatus", "Used");
    term(filters, "licenseModel", "No License required");
    if (nextToken != null) {
      body.put("NextToken", nextToken);
    }
    return body;
  }

  private static void term(ArrayNode filters, String field, String value) {
    filters.addObject().put("Type", "TERM_MATCH").put("Field", field).put("Value", value);
  }

  /** The first hourly USD on-demand price dimension of one Price List product. */
  static Optional<Money> hourly(JsonNode product) {
    for (JsonNode term : product.path("terms").path("OnDemand")) {
      for (JsonNode dim : term.path("priceDimensions")) {
        String unit = dim.path("unit").asText("");
        String usd = dim.path("pricePerUnit").path("USD").asText("");
        if (unit.startsWith("Hr") && !usd.isEmpty()) {
          BigDecimal value = new BigDecimal(usd);
          if (value.signum() > 0) {
            return Optional.of(Money.usd(value));
          }
        }
      }
    }
    return Optional.empty();
  }

  private JsonNode call(ObjectNode body) {
    byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
    for (int attempt = 1; ; attempt++) {
      SdkHttpFullRequest request =
          SdkHttpFullRequest.builder()
              .method(SdkHttpMethod.POST)
              .uri(endpoint)
              .encodedPath("/")
              .putHeader("Content-Type", "application/x-amz-json-1.1")
              .putHeader("X-Amz-Target", "AWSPriceListService.GetProducts")
              .build();
      SignedRequest signed =
          AwsV4HttpSigner.create()
              .sign(
                  r ->
                      r.identity(credentials.resolveCredentials())
                          .request(request)
                          .payload(ContentStreamProvider.fromByteArray(payload))
                          .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "pricing")
                          .putProperty(AwsV4HttpSigner.REGION_NAME, SIGNING_REGION));
      int status;
      String text;
      try {
        HttpExecuteResponse response =
            http.prepareRequest(
                    HttpExecuteRequest.builder()
                        .request(signed.request())
                        .contentStreamProvider(signed.payload().orElse(null))
                        .build())
                .call();
        status = response.httpResponse().statusCode();
        try (InputStream in =
            response
                .responseBody()
                .map(InputStream.class::cast)
                .orElse(InputStream.nullInputStream())) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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
            "the AWS Price List at " + endpoint + " could not be reached: " + e.getMessage(),
            e);
      }
      JsonNode json = parse(text);
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
      throw new ProviderException(
          AwsErrors.PROVIDER,
          code.isEmpty() ? "HTTP " + status : code,
          null,
          throttled || status >= 500,
          throttled,
          "the AWS Price List refused GetProducts: "
              + json.path("message").asText(json.path("Message").asText(text))
              + (status == 403 ? "; the credentials need pricing:GetProducts" : ""),
          null);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      throw new ProviderException(
          AwsErrors.PROVIDER, null, null, false, false, "the AWS Price List answered no JSON", e);
    }
  }

  private void pause(int attempt) {
    try {
      Thread.sleep(backoff.toMillis() * (1L << Math.min(attempt - 1, 6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(
          AwsErrors.PROVIDER, null, null, false, false, "interrupted while reading prices", e);
    }
  }
}
