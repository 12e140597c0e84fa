package io.nestlab.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.ProviderException;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Reads EC2 quotas from the Service Quotas API ({@code ServiceQuotasV20190624}, JSON 1.1), signed
 * with the SDK's SigV4 signer: the SDK's {@code servicequotas} module is not available to this
 * build (see docs/design/0052-aws-vcpu-quota.md).
 */
public final class ServiceQuotasClient implements QuotaCheck.QuotaReader {
  private final SignedJsonApi api;

  public ServiceQuotasClient(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      URI endpoint,
      String region,
      int maxAttempts,
      Duration backoff) {
    this.api =
        new SignedJsonApi(
            http,
            credentials,
            endpoint,
            "servicequotas",
            region,
            "ServiceQuotasV20190624",
            "Service Quotas",
            maxAttempts,
            backoff);
  }

  /** The public Service Quotas endpoint of {@code region}. */
  public static URI endpoint(String region) {
    return URI.create(
        "https://servicequotas."
            + region
            + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
  }

  /**
   * The value of EC2 quota {@code quotaCode} in this region: the account's applied value, or AWS's
   * default when the account has none applied ({@code NoSuchResourceException}).
   */
  @Override
  public QuotaCheck.QuotaValue read(String quotaCode) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("ServiceCode", "ec2");
    body.put("QuotaCode", quotaCode);
    JsonNode quota;
    boolean awsDefault = false;
    try {
      quota = api.call("GetServiceQuota", body).path("Quota");
    } catch (ProviderException e) {
      if (!"NoSuchResourceException".equals(e.code())) {
        throw e;
      }
      quota = api.call("GetAWSDefaultServiceQuota", body).path("Quota");
      awsDefault = true;
    }
    if (!quota.path("Value").isNumber()) {
      throw new ProviderException(
          AwsErrors.PROVIDER,
          null,
          null,
          false,
          false,
          "Service Quotas answered no value for ec2 quota " + quotaCode,
          null);
    }
    return new QuotaCheck.QuotaValue(
        quotaCode, quota.path("QuotaName").asText(""), quota.path("Value").asDouble(), awsDefault);
  }
}
