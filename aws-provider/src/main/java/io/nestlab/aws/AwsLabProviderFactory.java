package io.nestlab.aws;

import io.nestlab.aws.internal.AwsClients;
import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabProviderFactory;
import io.nestlab.spi.ProviderSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/** The {@code aws} provider: L1 hosts on Amazon EC2. Found with {@link java.util.ServiceLoader}. */
public final class AwsLabProviderFactory implements LabProviderFactory {
  /** Where the caller's public address is asked when no ingress CIDR is given. */
  static final URI CHECK_IP = URI.create("https://checkip.amazonaws.com/");

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  @Override
  public String id() {
    return "aws";
  }

  @Override
  public String description() {
    return "Amazon EC2: nested-virtualization (C8i/M8i/R8i...) and bare-metal L1 hosts";
  }

  @Override
  public List<SettingDoc> settings() {
    return AwsSettings.DOCS;
  }

  @Override
  public LabProvider create(ProviderSettings settings) {
    return create(
        AwsSettings.parse(settings), List.of(), Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  /** The region of {@code settings} read live: see {@link AwsLiveCatalogSource}. */
  @Override
  public java.util.Optional<io.nestlab.catalog.CatalogSource> liveCatalog(
      ProviderSettings settings) {
    return java.util.Optional.of(AwsLiveCatalogSource.create(settings));
  }

  /**
   * Creates a provider with extra SDK interceptors and faster polling (tests use this to record the
   * actions called and to keep waits short).
   */
  public static AwsLabProvider create(
      AwsSettings settings,
      List<ExecutionInterceptor> interceptors,
      Duration retryBase,
      Duration poll) {
    return new AwsLabProvider(
        settings,
        region -> AwsClients.build(settings, region, interceptors, retryBase),
        poll,
        clients -> callerAddress(settings, clients));
  }

  /**
   * The caller's public IPv4 address: 127.0.0.1 against a loopback endpoint (moto, LocalStack),
   * else what {@code checkip.amazonaws.com} says; null when it cannot be told.
   */
  static String callerAddress(AwsSettings settings, AwsClients clients) {
    if (settings.endpoint() != null) {
      return AwsClients.isLoopback(settings.endpoint()) ? "127.0.0.1" : null;
    }
    try {
      var response =
          clients
              .http()
              .prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(
                          SdkHttpFullRequest.builder()
                              .method(SdkHttpMethod.GET)
                              .uri(CHECK_IP)
                              .build())
                      .build())
              .call();
      if (response.httpResponse().statusCode() != 200) {
        return null;
      }
      try (InputStream in =
          response
              .responseBody()
              .map(InputStream.class::cast)
              .orElse(InputStream.nullInputStream())) {
        String ip = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
        return IPV4.matcher(ip).matches() ? ip : null;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
