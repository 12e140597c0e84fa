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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The AWS Price List Query API ({@code AWSPriceListService.GetProducts}, JSON 1.1), called with the
 * SDK's own HTTP client and SigV4 signer because the SDK's {@code pricing} module is not available
 * to this build. Answers on-demand Linux, shared-tenancy hourly prices (of one type, or of every
 * type of a region) and the gp3 storage rate of a region.
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
    Map<String, Money> found = new LinkedHashMap<>();
    products(
        linuxShared(region, instanceType),
        20,
        product -> {
          price(product, "Hr").ifPresent(p -> found.putIfAbsent(instanceType, Money.usd(p)));
          return found.isEmpty();
        });
    return Optional.ofNullable(found.get(instanceType));
  }

  /**
   * The on-demand Linux, shared-tenancy price per hour of every instance type AWS lists in {@code
   * region}: one paginated query of about ten pages instead of one query per type.
   */
  public Map<String, Money> onDemandHourlyByType(String region) {
    Map<String, Money> found = new TreeMap<>();
    products(
        linuxShared(region, null),
        MAX_REGION_PAGES,
        product -> {
          String type = product.path("product").path("attributes").path("instanceType").asText("");
          if (!type.isEmpty()) {
            price(product, "Hr").ifPresent(p -> found.putIfAbsent(type, Money.usd(p)));
          }
          return true;
        });
    return found;
  }

  /** The gp3 volume price in US dollars per GiB-month in {@code region}, if AWS lists one. */
  public Optional<BigDecimal> gp3UsdPerGibMonth(String region) {
    List<BigDecimal> found = new ArrayList<>();
    products(
        List.of(
            Map.entry("regionCode", region),
            Map.entry("productFamily", "Storage"),
            Map.entry("volumeApiName", "gp3")),
        5,
        product -> {
          price(product, "GB-Mo").ifPresent(found::add);
          return found.isEmpty();
        });
    return found.stream().findFirst();
  }

  /** A region has about a thousand Linux products of 100 a page; stop well past that. */
  static final int MAX_REGION_PAGES = 60;

  private static List<Map.Entry<String, String>> linuxShared(String region, String instanceType) {
    List<Map.Entry<String, String>> f = new ArrayList<>();
    if (instanceType != null) {
      f.add(Map.entry("instanceType", instanceType));
    }
    f.add(Map.entry("regionCode", region));
    f.add(Map.entry("operatingSystem", "Linux"));
    f.add(Map.entry("tenancy", "Shared"));
    f.add(Map.entry("preInstalledSw", "NA"));
    f.add(Map.entry("capacitystatus", "Used"));
    f.add(Map.entry("licenseModel", "No License required"));
    return f;
  }

  /**
   * Visits the EC2 products matching {@code filters}, page by page, until {@code visit} answers
   * false or {@code maxPages} pages were read.
   */
  private void products(
      List<Map.Entry<String, String>> filters, int maxPages, Predicate<JsonNode> visit) {
    String next = null;
    int pages = 0;
    do {
      JsonNode page = call(body(filters, next));
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
        if (!visit.test(product)) {
          return;
        }
      }
      next = page.path("NextToken").isTextual() ? page.path("NextToken").asText() : null;
      pages++;
    } while (next != null && !next.isEmpty() && pages < maxPages);
  }

  static ObjectNode body(List<Map.Entry<String, String>> terms, String nextToken) {
    ObjectNode body = JSON.createObjectNode();
    body.put("ServiceCode", "AmazonEC2");
    body.put("FormatVersion", "aws_v1");
    body.put("MaxResults", 100);
    ArrayNode filters = body.putArray("Filters");
    for (var t : terms) {
      filters
          .addObject()
          .put("Type", "TERM_MATCH")
          .put("Field", t.getKey())
          .put("Value", t.getValue());
    }
    if (nextToken != null) {
      body.put("NextToken", nextToken);
    }
    return body;
  }

  /**
   * The first positive USD on-demand price of one Price List product in a unit like {@code unit}.
   */
  static Optional<BigDecimal> price(JsonNode product, String unit) {
    for (JsonNode term : product.path("terms").path("OnDemand")) {
      for (JsonNode dim : term.path("priceDimensions")) {
        String u = dim.path("unit").asText("");
        String usd = dim.path("pricePerUnit").path("USD").asText("");
        if (u.startsWith(unit) && !usd.isEmpty()) {
          BigDecimal value = new BigDecimal(usd);
          if (value.signum() > 0) {
            return Optional.of(value);
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
