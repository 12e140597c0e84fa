package io.nestlab.gcp.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A loopback Cloud Billing Catalog v1 server: {@code GET /v1/services/{id}/skus} with the JSON the
 * HTTP/JSON {@code CloudCatalogClient} parses, {@code pageSize}/{@code pageToken} paging (pages of
 * {@code pageLength} SKUs whatever the client asks, as the real API may), and the query it received
 * kept for assertions.
 */
final class BillingCatalogTestServer implements AutoCloseable {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer http;
  private final List<ObjectNode> skus = new ArrayList<>();
  private final List<String> queries = Collections.synchronizedList(new ArrayList<>());
  private final int pageLength;

  BillingCatalogTestServer(int pageLength) throws IOException {
    this.pageLength = pageLength;
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          String query = String.valueOf(ex.getRequestURI().getQuery());
          queries.add(path + "?" + query);
          int status;
          ObjectNode body = json.createObjectNode();
          if (path.equals("/v1/" + GcpBillingCatalogSource.COMPUTE_SERVICE + "/skus")) {
            int from = 0;
            for (String kv : query.split("&")) {
              if (kv.startsWith("pageToken=")) {
                from = Integer.parseInt(kv.substring("pageToken=".length()));
              }
            }
            ArrayNode page = body.putArray("skus");
            int to = Math.min(skus.size(), from + pageLength);
            for (int i = from; i < to; i++) {
              page.add(skus.get(i));
            }
            body.put("nextPageToken", to < skus.size() ? String.valueOf(to) : "");
            status = 200;
          } else {
            body.putObject("error").put("code", 404).put("message", "no such path " + path);
            status = 404;
          }
          byte[] out = json.writeValueAsBytes(body);
          ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
          ex.sendResponseHeaders(status, out.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
          }
        });
    http.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  List<String> queries() {
    return List.copyOf(queries);
  }

  /** Adds a SKU shaped as the Cloud Billing Catalog serves it. */
  BillingCatalogTestServer sku(
      String description, String usageType, String unit, String usd, String... regions) {
    ObjectNode s = json.createObjectNode();
    String id = String.format("%04X-%04X-%04X", skus.size(), description.hashCode() & 0xffff, 7);
    s.put("name", GcpBillingCatalogSource.COMPUTE_SERVICE + "/skus/" + id);
    s.put("skuId", id);
    s.put("description", description);
    ObjectNode cat = s.putObject("category");
    cat.put("serviceDisplayName", "Compute Engine");
    cat.put("resourceFamily", "Compute");
    cat.put("resourceGroup", description.contains("Ram") ? "RAM" : "CPU");
    cat.put("usageType", usageType);
    ArrayNode r = s.putArray("serviceRegions");
    for (String region : regions) {
      r.add(region);
    }
    ObjectNode pe = s.putArray("pricingInfo").addObject().putObject("pricingExpression");
    pe.put("usageUnit", unit);
    pe.put("displayQuantity", 1);
    BigDecimal price = new BigDecimal(usd);
    ObjectNode tier = pe.putArray("tieredRates").addObject();
    tier.put("startUsageAmount", 0);
    ObjectNode money = tier.putObject("unitPrice");
    money.put("currencyCode", "USD");
    money.put("units", String.valueOf(price.longValue()));
    money.put("nanos", price.remainder(BigDecimal.ONE).movePointRight(9).intValueExact());
    s.put("serviceProviderName", "Google");
    skus.add(s);
    return this;
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
