package io.nestlab.aws.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients of one provider instance, sharing one HTTP client with bounded timeouts; closed
 * together. Built only when first needed, so creating a provider contacts nothing.
 */
public final class AwsClients implements AutoCloseable {
  private final Region region;
  private final Ec2Client ec2;
  private final StsClient sts;
  private final SsmClient ssm;
  private final S3Presigner presigner;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;
  private final List<AutoCloseable> closeables;

  /** For tests: clients made elsewhere (a fake EC2 client, for instance). */
  public AwsClients(
      Region region,
      Ec2Client ec2,
      StsClient sts,
      SsmClient ssm,
      S3Presigner presigner,
      AwsCredentialsProvider credentials,
      SdkHttpClient http) {
    this.region = region;
    this.ec2 = ec2;
    this.sts = sts;
    this.ssm = ssm;
    this.presigner = presigner;
    this.credentials = credentials;
    this.http = http;
    this.closeables = new ArrayList<>();
    for (AutoCloseable c : new AutoCloseable[] {ec2, sts, ssm, presigner, http}) {
      if (c != null) {
        closeables.add(c);
      }
    }
  }

  /**
   * Builds the real clients for {@code region}.
   *
   * @param interceptors extra SDK interceptors (tests record the actions called with one)
   * @param retryBase the base delay of the exponential back-off between attempts
   */
  public static AwsClients build(
      AwsSettings settings,
      Region region,
      List<ExecutionInterceptor> interceptors,
      Duration retryBase) {
    SdkHttpClient http =
        Apache5HttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(settings.apiTimeout())
            .connectionAcquisitionTimeout(Duration.ofSeconds(30))
            .maxConnections(16)
            .build();
    AwsCredentialsProvider creds = credentials(settings);
    Duration maxBackoff = retryBase.multipliedBy(40);
    ClientOverrideConfiguration.Builder override =
        ClientOverrideConfiguration.builder()
            .apiCallTimeout(settings.apiTimeout())
            .apiCallAttemptTimeout(settings.apiTimeout())
            .retryStrategy(
                StandardRetryStrategy.builder()
                    .useClientDefaults(false)
                    .retryOnException(AwsClients::retryable)
                    .treatAsThrottling(AwsClients::throttling)
                    .maxAttempts(settings.maxAttempts())
                    .circuitBreakerEnabled(false)
                    .backoffStrategy(BackoffStrategy.exponentialDelay(retryBase, maxBackoff))
                    .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(retryBase.multipliedBy(2), maxBackoff))
                    .build());
    interceptors.forEach(override::addExecutionInterceptor);
    ClientOverrideConfiguration config = override.build();
    URI endpoint = settings.endpoint();

    var ec2 = Ec2Client.builder().region(region).credentialsProvider(creds).httpClient(http);
    var sts = StsClient.builder().region(region).credentialsProvider(creds).httpClient(http);
    var ssm = SsmClient.builder().region(region).credentialsProvider(creds).httpClient(http);
    var s3 =
        S3Presigner.builder()
            .region(region)
            .credentialsProvider(creds)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(endpoint != null).build());
    if (endpoint != null) {
      ec2.endpointOverride(endpoint);
      sts.endpointOverride(endpoint);
      ssm.endpointOverride(endpoint);
      s3.endpointOverride(endpoint);
    }
    return new AwsClients(
        region,
        ec2.overrideConfiguration(config).build(),
        sts.overrideConfiguration(config).build(),
        ssm.overrideConfiguration(config).build(),
        s3.build(),
        creds,
        http);
  }

  /**
   * Whether the SDK should repeat a failed attempt: throttling, 5xx and network errors, but never a
   * capacity shortage (EC2 answers it with a 500): that one moves to another zone at once.
   */
  static boolean retryable(Throwable t) {
    if (AwsErrors.hasCode(t, AwsErrors.CAPACITY)) {
      return false;
    }
    if (t instanceof SdkServiceException s
        && (s.isThrottlingException() || s.isRetryableException() || s.statusCode() >= 500)) {
      return true;
    }
    if (t instanceof AwsServiceException a && AwsErrors.hasCode(a, AwsErrors.THROTTLED)) {
      return true;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.io.IOException || c instanceof java.io.UncheckedIOException) {
        return true;
      }
    }
    return t instanceof SdkException s && s.retryable();
  }

  static boolean throttling(Throwable t) {
    return (t instanceof SdkServiceException s && s.isThrottlingException())
        || AwsErrors.hasCode(t, AwsErrors.THROTTLED);
  }

  static AwsCredentialsProvider credentials(AwsSettings s) {
    if (s.accessKeyId() != null) {
      return StaticCredentialsProvider.create(
          s.sessionToken() == null
              ? AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey())
              : AwsSessionCredentials.create(
                  s.accessKeyId(), s.secretAccessKey(), s.sessionToken()));
    }
    if (s.profile() != null) {
      return ProfileCredentialsProvider.create(s.profile());
    }
    if (s.endpoint() != null && isLoopback(s.endpoint())) {
      // A local test cloud (moto, LocalStack) accepts any key; do not demand real credentials.
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** True when {@code uri} names this machine. */
  public static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public Region region() {
    return region;
  }

  public Ec2Client ec2() {
    return ec2;
  }

  public StsClient sts() {
    return sts;
  }

  public SsmClient ssm() {
    return ssm;
  }

  public S3Presigner presigner() {
    return presigner;
  }

  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  public SdkHttpClient http() {
    return http;
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing is best effort: a client that fails to close holds nothing we can free
      }
    }
  }
}
