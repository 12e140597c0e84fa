package io.nestlab.samples.cli;

import com.sun.net.httpserver.HttpServer;
import io.nestlab.aws.MotoServer;
import io.nestlab.aws.PriceListJson;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The peers of the CLI's live-price tests: moto_server for EC2 (instance types, Spot prices) and a
 * loopback stand-in of the AWS Price List API answering one instance type's hourly price and the
 * gp3 volume's monthly one. Shared by LiveCatalogCliIT and CatalogRefreshCliIT.
 */
final class AwsPricingPeers implements AutoCloseable {
  private final MotoServer moto;
  private final HttpServer priceList;

  private AwsPricingPeers(MotoServer moto, HttpServer priceList) {
    this.moto = moto;
    this.priceList = priceList;
  }

  static AwsPricingPeers start() throws Exception {
    MotoServer moto = MotoServer.start(false);
    HttpServer priceList = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    priceList.createContext(
        "/",
        exchange -> {
          String request =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String body =
              request.contains("volumeApiName")
                  ? PriceListJson.page(null, PriceListJson.product(null, "GB-Mo", "0.088"))
                  : PriceListJson.page(
                      null, PriceListJson.product("r8i-flex.xlarge", "Hrs", "0.2950000000"));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    priceList.start();
    return new AwsPricingPeers(moto, priceList);
  }

  /** moto_server's address: the aws provider's {@code endpoint} setting. */
  URI endpoint() {
    return moto.uri();
  }

  /** The Price List stand-in's address: the aws provider's {@code pricingEndpoint} setting. */
  String pricingEndpoint() {
    return "http://127.0.0.1:" + priceList.getAddress().getPort();
  }

  @Override
  public void close() throws Exception {
    priceList.stop(0);
    moto.close();
  }
}
