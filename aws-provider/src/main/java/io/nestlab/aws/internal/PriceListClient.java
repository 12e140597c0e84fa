package io.nestlab.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.ProviderException;
import io.nestlab.cost.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The AWS Price List Query API ({@code AWSPriceListService.GetProducts}, JSON 1.1), called with the
 * SDK's own HTTP client and SigV4 signer because the SDK's {@code pricing} module is not available
 * to this build. Answers the on-demand Linux, shared-tenancy hourly price of one type.
 */
public final class PriceListClient {
  /** The Price List API lives in us-east-1 (and a few others); prices cover every region. */
  public static final String SIGNING_REGION = "us-east-1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SignedJsonApi api;

  public PriceListClient(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      URI endpoint,
      int maxAttempts,
      Duration backoff) {
    this.api =
        new SignedJsonApi(
            http,
            credentials,
            endpoint,
            "pricing",
            SIGNING_REGION,
            "AWSPriceListService",
            "the AWS Price List",
            maxAttempts,
            backoff);
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
    return api.call("GetProducts", body);
  }
}
