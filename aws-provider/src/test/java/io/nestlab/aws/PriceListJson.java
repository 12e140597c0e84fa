package io.nestlab.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** AWS Price List answers (JSON 1.1 {@code GetProducts}) for stand-ins in tests. */
public final class PriceListJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PriceListJson() {}

  /** One product in eu-west-1, as the API answers it: a JSON document inside a string. */
  public static String product(String type, String unit, String usd) {
    ObjectNode p = JSON.createObjectNode();
    ObjectNode attributes = p.putObject("product").putObject("attributes");
    if (type != null) {
      attributes.put("instanceType", type);
    }
    attributes.put("regionCode", "eu-west-1");
    ObjectNode dim =
        p.putObject("terms")
            .putObject("OnDemand")
            .putObject("SKU.JRTCKXETXF")
            .putObject("priceDimensions")
            .putObject("SKU.JRTCKXETXF.6YS6EN2CT7");
    dim.put("unit", unit);
    dim.putObject("pricePerUnit").put("USD", usd);
    return p.toString();
  }

  /** A page of products, with the token of the next page or null for the last. */
  public static String page(String next, String... products) {
    ObjectNode page = JSON.createObjectNode().put("FormatVersion", "aws_v1");
    ArrayNode list = page.putArray("PriceList");
    for (String p : products) {
      list.add(p);
    }
    if (next != null) {
      page.put("NextToken", next);
    }
    return page.toString();
  }
}
