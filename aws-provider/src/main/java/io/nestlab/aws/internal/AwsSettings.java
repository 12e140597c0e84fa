package io.nestlab.aws.internal;

import io.nestlab.spi.IngressCidrs;
import io.nestlab.spi.LabProviderFactory.SettingDoc;
import io.nestlab.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings of the AWS provider, parsed and checked from {@link ProviderSettings}. Secrets
 * (secret key, session token) never appear in {@link #toString()}.
 *
 * @param region the AWS region, or null to take it from the SDK's default chain
 * @param profile a named profile of the shared AWS config files, or null
 * @param accessKeyId explicit access key id (with {@code secretAccessKey}), or null
 * @param secretAccessKey explicit secret key, or null
 * @param sessionToken explicit session token, or null
 * @param endpoint an endpoint override for EC2, STS, SSM and S3 (moto, LocalStack), or null
 * @param allowedIngressCidrs the only addresses allowed in; empty means the caller's /32
 * @param allowAnyIngress the user forced 0.0.0.0/0 to be allowed
 * @param ingressPorts the TCP ports opened to the allowed addresses
 * @param subnetId an existing subnet to reuse instead of creating a network, or null
 * @param amiId a fixed AMI for the L1 host, or null to resolve the current Debian 12
 * @param apiTimeout the longest one API call (all retries) may take
 * @param waitTimeout the longest a state change (stop, start, terminate) may take
 * @param maxAttempts attempts per API call, throttling retries included
 * @param zoneFallback on capacity errors, try the region's other zones offering the type
 * @param pricingEndpoint the AWS Price List Query API endpoint
 * @param serviceQuotasEndpoint the Service Quotas endpoint, or null for {@code endpoint} when set,
 *     else the region's public one
 */
public record AwsSettings(
    String region,
    String profile,
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    URI endpoint,
    List<String> allowedIngressCidrs,
    boolean allowAnyIngress,
    List<Integer> ingressPorts,
    String subnetId,
    String amiId,
    Duration apiTimeout,
    Duration waitTimeout,
    int maxAttempts,
    boolean zoneFallback,
    URI pricingEndpoint,
    URI serviceQuotasEndpoint) {

  // Kebab-case like every provider's settings; the old camelCase keys (accessKeyId) are still
  // read, with a deprecation note (docs/design/0092-provider-settings.md).
  public static final String REGION = "region";
  static final String PROFILE = "profile";
  static final String ACCESS_KEY_ID = "access-key-id";
  static final String SECRET_ACCESS_KEY = "secret-access-key";
  static final String SESSION_TOKEN = "session-token";
  static final String ENDPOINT = "endpoint";
  static final String ALLOWED_INGRESS = "allowed-ingress-cidrs";
  static final String ALLOW_ANY_INGRESS = "allow-any-ingress";

  /** How the user lets wide ranges in, for the messages that refuse them. */
  public static final String ANY_INGRESS_OPT_IN = "--provider-opt allow-any-ingress=true";

  static final String INGRESS_PORTS = "ingress-ports";
  static final String SUBNET_ID = "subnet-id";
  static final String AMI_ID = "ami-id";
  static final String API_TIMEOUT = "api-timeout";
  static final String WAIT_TIMEOUT = "wait-timeout";
  static final String MAX_ATTEMPTS = "max-attempts";
  static final String ZONE_FALLBACK = "zone-fallback";
  static final String PRICING_ENDPOINT = "pricing-endpoint";
  static final String SERVICE_QUOTAS_ENDPOINT = "service-quotas-endpoint";

  private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  /** Every setting, documented, for help output and for rejecting typos. */
  public static final List<SettingDoc> DOCS =
      List.of(
          new SettingDoc(REGION, "AWS region, e.g. us-east-1 (default: the SDK's chain)", false),
          new SettingDoc(PROFILE, "profile of ~/.aws/config to use", false),
          new SettingDoc(ACCESS_KEY_ID, "explicit access key id (else the default chain)", false),
          new SettingDoc(SECRET_ACCESS_KEY, "explicit secret access key", true),
          new SettingDoc(SESSION_TOKEN, "explicit session token", true),
          new SettingDoc(ENDPOINT, "endpoint override, e.g. http://127.0.0.1:5000 (moto)", false),
          new SettingDoc(
              ALLOWED_INGRESS, "comma-separated CIDRs allowed in (default: your IP /32)", false),
          new SettingDoc(ALLOW_ANY_INGRESS, "true to allow 0.0.0.0/0 in (not advised)", false),
          new SettingDoc(INGRESS_PORTS, "TCP ports opened to those CIDRs (default: 22)", false),
          new SettingDoc(SUBNET_ID, "existing subnet to use instead of a new network", false),
          new SettingDoc(AMI_ID, "fixed AMI id (default: current Debian 12)", false),
          new SettingDoc(API_TIMEOUT, "longest one API call may take (default 60s)", false),
          new SettingDoc(WAIT_TIMEOUT, "longest a stop/start/terminate may take (10m)", false),
          new SettingDoc(MAX_ATTEMPTS, "attempts per API call incl. throttling (default 6)", false),
          new SettingDoc(ZONE_FALLBACK, "try other zones on capacity errors (true)", false),
          new SettingDoc(PRICING_ENDPOINT, "AWS Price List Query API endpoint", false),
          new SettingDoc(
              SERVICE_QUOTAS_ENDPOINT,
              "Service Quotas endpoint (default: endpoint if set, else the region's)",
              false));

  public AwsSettings {
    allowedIngressCidrs = List.copyOf(allowedIngressCidrs);
    ingressPorts = List.copyOf(ingressPorts);
  }

  /**
   * Parses and checks the settings, strictly and once; reports every problem at once, in the shape
   * every provider uses ({@link ProviderSettings.Reader}).
   */
  public static AwsSettings parse(ProviderSettings settings) {
    ProviderSettings.Reader s = settings.reader("aws", DOCS.stream().map(SettingDoc::key).toList());
    String region = s.string(REGION).orElse(null);
    if (region != null && !REGION_NAME.matcher(region).matches()) {
      s.problem(REGION, "'" + region + "' is not an AWS region such as us-east-1");
    }
    String keyId = s.string(ACCESS_KEY_ID).orElse(null);
    String secret = s.string(SECRET_ACCESS_KEY).orElse(null);
    if ((keyId == null) != (secret == null)) {
      s.problem(
          keyId == null ? ACCESS_KEY_ID : SECRET_ACCESS_KEY,
          "give "
              + ACCESS_KEY_ID
              + " and "
              + SECRET_ACCESS_KEY
              + " together, or neither to use the default chain");
    }
    URI endpoint = uri(s, ENDPOINT);
    URI pricing = uri(s, PRICING_ENDPOINT);
    URI quotas = uri(s, SERVICE_QUOTAS_ENDPOINT);
    boolean any = s.bool(ALLOW_ANY_INGRESS, false);
    List<String> cidrProblems = new ArrayList<>();
    List<String> cidrs =
        IngressCidrs.ingress(s.list(ALLOWED_INGRESS), any, ANY_INGRESS_OPT_IN, cidrProblems);
    cidrProblems.forEach(m -> s.problem(ALLOWED_INGRESS, m));
    List<Integer> ports = new ArrayList<>();
    for (String p : s.list(INGRESS_PORTS).isEmpty() ? List.of("22") : s.list(INGRESS_PORTS)) {
      try {
        int port = Integer.parseInt(p);
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
        ports.add(port);
      } catch (NumberFormatException e) {
        s.problem(INGRESS_PORTS, "'" + p + "' is not a TCP port (1-65535)");
      }
    }
    String subnet = s.string(SUBNET_ID).orElse(null);
    if (subnet != null && !subnet.startsWith("subnet-")) {
      s.problem(SUBNET_ID, "'" + subnet + "' is not a subnet id (subnet-...)");
    }
    String ami = s.string(AMI_ID).orElse(null);
    if (ami != null && !ami.startsWith("ami-")) {
      s.problem(AMI_ID, "'" + ami + "' is not an AMI id (ami-...)");
    }
    Duration apiTimeout =
        s.duration(API_TIMEOUT, Duration.ofSeconds(60), Duration.ofMillis(1), Duration.ofHours(1));
    Duration waitTimeout =
        s.duration(WAIT_TIMEOUT, Duration.ofMinutes(10), Duration.ofMillis(1), Duration.ofHours(6));
    int attempts = s.integer(MAX_ATTEMPTS, 6, 1, 20);
    boolean zoneFallback = s.bool(ZONE_FALLBACK, true);
    String profile = s.string(PROFILE).orElse(null);
    String sessionToken = s.string(SESSION_TOKEN).orElse(null);
    s.done();
    return new AwsSettings(
        region,
        profile,
        keyId,
        secret,
        sessionToken,
        endpoint,
        cidrs,
        any,
        ports,
        subnet,
        ami,
        apiTimeout,
        waitTimeout,
        attempts,
        zoneFallback,
        pricing == null ? URI.create("https://api.pricing.us-east-1.amazonaws.com") : pricing,
        quotas);
  }

  /** Where Service Quotas are read in {@code region}. */
  public URI serviceQuotasEndpoint(String region) {
    if (serviceQuotasEndpoint != null) {
      return serviceQuotasEndpoint;
    }
    return endpoint != null ? endpoint : ServiceQuotasClient.endpoint(region);
  }

  /** The endpoint override, when one is set. */
  public Optional<URI> endpointOverride() {
    return Optional.ofNullable(endpoint);
  }

  private static URI uri(ProviderSettings.Reader s, String key) {
    String v = s.string(key).orElse(null);
    if (v == null) {
      return null;
    }
    try {
      URI u = URI.create(v);
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (IllegalArgumentException e) {
      s.problem(key, "'" + v + "' is not an http(s) URL like http://127.0.0.1:5000");
      return null;
    }
  }

  @Override
  public String toString() {
    return "AwsSettings[region="
        + region
        + ", profile="
        + profile
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? null : "***")
        + ", sessionToken="
        + (sessionToken == null ? null : "***")
        + ", endpoint="
        + endpoint
        + ", allowedIngressCidrs="
        + allowedIngressCidrs
        + ", allowAnyIngress="
        + allowAnyIngress
        + ", ingressPorts="
        + ingressPorts
        + ", subnetId="
        + subnetId
        + ", amiId="
        + amiId
        + ", apiTimeout="
        + apiTimeout
        + ", waitTimeout="
        + waitTimeout
        + ", maxAttempts="
        + maxAttempts
        + ", zoneFallback="
        + zoneFallback
        + ", pricingEndpoint="
        + pricingEndpoint
        + ", serviceQuotasEndpoint="
        + serviceQuotasEndpoint
        + "]";
  }
}
