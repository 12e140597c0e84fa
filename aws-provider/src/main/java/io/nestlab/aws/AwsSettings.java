package io.nestlab.aws;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.aws.internal.ServiceQuotasClient;
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

  static final String REGION = "region";
  static final String PROFILE = "profile";
  static final String ACCESS_KEY_ID = "accessKeyId";
  static final String SECRET_ACCESS_KEY = "secretAccessKey";
  static final String SESSION_TOKEN = "sessionToken";
  static final String ENDPOINT = "endpoint";
  static final String ALLOWED_INGRESS = "allowedIngressCidrs";
  static final String ALLOW_ANY_INGRESS = "allowAnyIngress";

  /** How the user lets wide ranges in, for the messages that refuse them. */
  static final String ANY_INGRESS_OPT_IN = "--provider-opt allowAnyIngress=true";

  static final String INGRESS_PORTS = "ingressPorts";
  static final String SUBNET_ID = "subnetId";
  static final String AMI_ID = "amiId";
  static final String API_TIMEOUT = "apiTimeout";
  static final String WAIT_TIMEOUT = "waitTimeout";
  static final String MAX_ATTEMPTS = "maxAttempts";
  static final String ZONE_FALLBACK = "zoneFallback";
  static final String PRICING_ENDPOINT = "pricingEndpoint";
  static final String SERVICE_QUOTAS_ENDPOINT = "serviceQuotasEndpoint";

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

  /** Parses and checks the settings; reports every problem at once. */
  public static AwsSettings parse(ProviderSettings s) {
    s.rejectUnknown("aws", DOCS.stream().map(SettingDoc::key).toList());
    List<Problem> problems = new ArrayList<>();
    String region = s.get(REGION).orElse(null);
    if (region != null && !REGION_NAME.matcher(region).matches()) {
      problems.add(Problem.of(REGION, "'" + region + "' is not an AWS region such as us-east-1"));
    }
    String keyId = s.get(ACCESS_KEY_ID).orElse(null);
    String secret = s.get(SECRET_ACCESS_KEY).orElse(null);
    if ((keyId == null) != (secret == null)) {
      problems.add(
          Problem.of(
              keyId == null ? ACCESS_KEY_ID : SECRET_ACCESS_KEY,
              "give accessKeyId and secretAccessKey together, or neither to use the default chain"));
    }
    URI endpoint = uri(s, ENDPOINT, problems);
    URI pricing = uri(s, PRICING_ENDPOINT, problems);
    URI quotas = uri(s, SERVICE_QUOTAS_ENDPOINT, problems);
    boolean any = s.getBoolean(ALLOW_ANY_INGRESS, false);
    List<String> cidrProblems = new ArrayList<>();
    List<String> cidrs =
        IngressCidrs.ingress(s.getList(ALLOWED_INGRESS), any, ANY_INGRESS_OPT_IN, cidrProblems);
    cidrProblems.forEach(m -> problems.add(Problem.of(ALLOWED_INGRESS, m)));
    List<Integer> ports = new ArrayList<>();
    for (String p : s.getList(INGRESS_PORTS).isEmpty() ? List.of("22") : s.getList(INGRESS_PORTS)) {
      try {
        int port = Integer.parseInt(p);
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
        ports.add(port);
      } catch (NumberFormatException e) {
        problems.add(Problem.of(INGRESS_PORTS, "'" + p + "' is not a TCP port (1-65535)"));
      }
    }
    String subnet = s.get(SUBNET_ID).orElse(null);
    if (subnet != null && !subnet.startsWith("subnet-")) {
      problems.add(Problem.of(SUBNET_ID, "'" + subnet + "' is not a subnet id (subnet-...)"));
    }
    String ami = s.get(AMI_ID).orElse(null);
    if (ami != null && !ami.startsWith("ami-")) {
      problems.add(Problem.of(AMI_ID, "'" + ami + "' is not an AMI id (ami-...)"));
    }
    Duration apiTimeout = s.getDuration(API_TIMEOUT, Duration.ofSeconds(60));
    Duration waitTimeout = s.getDuration(WAIT_TIMEOUT, Duration.ofMinutes(10));
    int attempts = s.getInt(MAX_ATTEMPTS, 6);
    if (attempts < 1 || attempts > 20) {
      problems.add(Problem.of(MAX_ATTEMPTS, attempts + " is out of range; use 1 to 20"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("aws provider settings", problems);
    }
    return new AwsSettings(
        region,
        s.get(PROFILE).orElse(null),
        keyId,
        secret,
        s.get(SESSION_TOKEN).orElse(null),
        endpoint,
        cidrs,
        any,
        ports,
        subnet,
        ami,
        apiTimeout,
        waitTimeout,
        attempts,
        s.getBoolean(ZONE_FALLBACK, true),
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

  private static URI uri(ProviderSettings s, String key, List<Problem> problems) {
    String v = s.get(key).orElse(null);
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
      problems.add(Problem.of(key, "'" + v + "' is not an http(s) URL like http://127.0.0.1:5000"));
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
